using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PostPurchase.Persistence;

namespace PostPurchase.Server.Tests.Infrastructure;

/// <summary>
/// Every text value in every table of the server's database, found through the database's own catalogue (so a table
/// or column added later is covered without changing the tests). SQLite: sqlite_master and table_info (TEXT affinity);
/// PostgreSQL: information_schema.columns of the current schema (text, varchar, char, json, jsonb).
/// </summary>
public static class DatabaseText
{
    public sealed record Cell(string Table, string Column, string Value);

    public static async Task<IReadOnlyList<Cell>> AllAsync(IServiceProvider services)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<PostPurchaseDbContext>>();
        var postgres = services.GetRequiredService<DatabaseSettings>().Provider == DatabaseProvider.PostgreSql;
        await using var db = await contexts.CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();

        var columns = new List<(string Table, string Column)>();
        if (postgres)
        {
            foreach (var row in await QueryAsync(connection, """
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
                """))
                columns.Add((row[0]!, row[1]!));
        }
        else
        {
            foreach (var table in await QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
                foreach (var column in await QueryAsync(connection, $"SELECT name, type FROM pragma_table_info('{table[0]}')"))
                    if (column[1]!.Contains("TEXT", StringComparison.OrdinalIgnoreCase) || column[1]!.Contains("CHAR", StringComparison.OrdinalIgnoreCase) || column[1] == "")
                        columns.Add((table[0]!, column[0]!));
        }

        Assert.True(columns.Count > 20, $"the catalogue listed only {columns.Count} text columns");
        var cells = new List<Cell>();
        foreach (var (table, column) in columns)
            foreach (var row in await QueryAsync(connection, $"SELECT CAST(\"{column}\" AS TEXT) FROM \"{table}\" WHERE \"{column}\" IS NOT NULL"))
                cells.Add(new Cell(table, column, row[0]!));
        return cells;
    }

    /// <summary>Every cell (any table, any text column, JSON included) that contains one of the terms, case-insensitively, as "table.column: value".</summary>
    public static async Task<List<string>> MentioningAsync(IServiceProvider services, IEnumerable<string> terms)
    {
        var list = terms.ToList();
        return (await AllAsync(services)).Where(c => list.Any(term => c.Value.Contains(term, StringComparison.OrdinalIgnoreCase)))
            .Select(c => $"{c.Table}.{c.Column}: {c.Value[..Math.Min(300, c.Value.Length)]}").ToList();
    }

    private static async Task<List<string?[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string?[]>();
        while (await reader.ReadAsync())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++) row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
            rows.Add(row);
        }

        return rows;
    }
}
