using PostPurchase.Server.Hosting;

namespace PostPurchase.Server.Auth;

/// <summary>Small secrets the server generates once and keeps in its data directory (owner-only permissions where supported).</summary>
public sealed class SecretFiles(ServerSettings settings)
{
    public string PathOf(string name) => Path.Combine(settings.DataDirectory, name);

    public string? Read(string name)
    {
        var path = PathOf(name);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    public void Write(string name, string content)
    {
        Directory.CreateDirectory(settings.DataDirectory);
        var path = PathOf(name);
        var temp = path + ".tmp";
        File.WriteAllText(temp, content);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, path, overwrite: true);
    }
}
