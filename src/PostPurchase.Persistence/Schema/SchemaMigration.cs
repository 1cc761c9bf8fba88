using System.Text.RegularExpressions;

namespace PostPurchase.Persistence.Schema;

/// <summary>One hand-written schema upgrade, in both SQL dialects.</summary>
public sealed record SchemaMigration(int Version, string Name, string Sqlite, string PostgreSql)
{
    public string SqlFor(DatabaseProvider provider) => provider == DatabaseProvider.PostgreSql ? PostgreSql : Sqlite;

    /// <summary>Reads the embedded <c>Migrations/NNNN-name.{sqlite|postgresql}.sql</c> pairs, ordered by version.</summary>
    public static IReadOnlyList<SchemaMigration> LoadEmbedded()
    {
        var assembly = typeof(SchemaMigration).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Select(name => (Name: name, Match: Regex.Match(name, @"^Migrations/(\d{4})-([\w-]+)\.(sqlite|postgresql)\.sql$")))
            .Where(f => f.Match.Success)
            .ToList();
        string Read(string resource)
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            return reader.ReadToEnd();
        }

        return files
            .GroupBy(f => (Version: int.Parse(f.Match.Groups[1].Value), Name: f.Match.Groups[2].Value))
            .Select(g =>
            {
                var sqlite = g.SingleOrDefault(f => f.Match.Groups[3].Value == "sqlite").Name
                    ?? throw new InvalidOperationException($"Migration {g.Key.Version:0000}-{g.Key.Name} has no SQLite script.");
                var postgres = g.SingleOrDefault(f => f.Match.Groups[3].Value == "postgresql").Name
                    ?? throw new InvalidOperationException($"Migration {g.Key.Version:0000}-{g.Key.Name} has no PostgreSQL script.");
                return new SchemaMigration(g.Key.Version, g.Key.Name, Read(sqlite), Read(postgres));
            })
            .OrderBy(m => m.Version)
            .ToList();
    }
}
