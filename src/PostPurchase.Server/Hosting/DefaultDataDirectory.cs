namespace PostPurchase.Server.Hosting;

/// <summary>
/// Where the server keeps its SQLite file, outbox and generated secrets when <c>Data__Directory</c> is not set:
/// the source checkout's <c>data/</c> when the server runs from a checkout (an ancestor of the server's own files holds
/// <c>PostPurchase.sln</c>: <c>dotnet run --project src/PostPurchase.Server</c> from the repository root, <c>dotnet run</c>
/// in the project directory, the built binary, a publish inside the checkout), else <c>data/</c> under the working
/// directory. So the server and <c>scripts/send-sample-purchase.sh</c> (which reads <c>{checkout}/data</c>) agree however
/// the server was started. A configured relative path is relative to the working directory.
/// </summary>
public static class DefaultDataDirectory
{
    public const string SolutionFile = "PostPurchase.sln";

    /// <summary>Sets <c>Data:Directory</c> to the resolved absolute path, so every module reads the same directory.</summary>
    public static void Apply(IConfiguration configuration) =>
        configuration["Data:Directory"] = Resolve(configuration["Data:Directory"], AppContext.BaseDirectory, Directory.GetCurrentDirectory());

    /// <summary>The absolute data directory for a configured value (or none), the app's base directory and the working directory.</summary>
    public static string Resolve(string? configured, string appBaseDirectory, string workingDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured.Trim(), workingDirectory);
        for (var dir = new DirectoryInfo(appBaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                return Path.Combine(dir.FullName, "data");
        return Path.Combine(Path.GetFullPath(workingDirectory), "data");
    }
}
