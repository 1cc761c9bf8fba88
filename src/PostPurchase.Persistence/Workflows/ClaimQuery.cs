using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace PostPurchase.Persistence.Workflows;

/// <summary>Runs one raw claim statement (UPDATE … RETURNING) on a fresh context and reads the returned rows.</summary>
internal static class ClaimQuery
{
    public static async Task<List<T>> RunAsync<T>(IDbContextFactory<PostPurchaseDbContext> contexts, string sql,
        IReadOnlyDictionary<string, object?> parameters, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        await using var turn = db.Database.IsSqlite() ? await SqliteWriteGate.EnterAsync(connection, cancellationToken) : null;
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
        return rows;
    }
}
