using System.Security.Cryptography;
using PostPurchase.Persistence.Schema;
using PostPurchase.Server.Auth;

namespace PostPurchase.Server.Security;

/// <summary>
/// <c>dotnet run --project src/PostPurchase.Server -- users add NAME [--role editor] [--password-stdin]</c> adds a Studio
/// user to the database (or resets its password and role); without <c>--password-stdin</c> a password is generated and
/// printed once (a name that is an email address is also the user's own address for "send me a test"). <c>users list</c>
/// prints the team with each user's own test address and number; <c>users disable NAME</c>, <c>users enable NAME</c> and
/// <c>users role NAME ROLE</c> change one; <c>users hash</c> reads a password on stdin and prints its hash for
/// <c>Auth__Users__N__PasswordHash</c>.
/// </summary>
public static class UsersCommand
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var verb = args.ElementAtOrDefault(1);
        var name = args.ElementAtOrDefault(2);
        if (verb == "hash")
        {
            Console.WriteLine(StudioUsers.Hash(Console.In.ReadLine() ?? ""));
            return 0;
        }

        await app.Services.GetRequiredService<SchemaInitializer>().InitializeAsync(CancellationToken.None);
        var users = app.Services.GetRequiredService<StudioUsers>();
        var now = TimeProvider.System.GetUtcNow();
        try
        {
            switch (verb)
            {
                case "list":
                    var recipients = app.Services.GetRequiredService<Simulations.TestRecipients>();
                    foreach (var user in await users.ListAsync())
                    {
                        // The user's own address and number for the simulator's "send me a test" (settings, or a name that is an address).
                        var own = string.Join(' ', recipients.For(user.Name).Where(r => r.Source == Simulations.TestRecipients.Own).Select(r => r.Address));
                        Console.WriteLine($"{user.Name}\t{user.Role}\t{user.Source}{(user.Disabled ? "\tdisabled" : "")}{(own.Length > 0 ? "\t" + own : "")}");
                    }

                    return 0;
                case "add" when name is not null:
                    var role = Option("--role") ?? StudioRoles.Editor;
                    var generated = !args.Contains("--password-stdin");
                    var password = generated ? RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20) : Console.In.ReadLine() ?? "";
                    await users.AddAsync(name, password, role, now);
                    Console.WriteLine(generated ? $"Added {StudioUsers.Normalize(name)} ({role}); password (shown once): {password}" : $"Added {StudioUsers.Normalize(name)} ({role}).");
                    return 0;
                case "disable" or "enable" when name is not null:
                    await users.UpdateAsync(name, null, verb == "disable", now);
                    Console.WriteLine($"{StudioUsers.Normalize(name)} {verb}d.");
                    return 0;
                case "role" when name is not null && args.ElementAtOrDefault(3) is { } newRole:
                    await users.UpdateAsync(name, newRole, null, now);
                    Console.WriteLine($"{StudioUsers.Normalize(name)} is now {newRole}.");
                    return 0;
                default:
                    Console.Error.WriteLine("usage: users add NAME [--role admin|editor|viewer] [--password-stdin] | users list | users disable NAME | users enable NAME | users role NAME ROLE | users hash");
                    return 2;
            }
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine("users: " + ex.Message.Split(" (Parameter")[0]);
            return 2;
        }
    }
}
