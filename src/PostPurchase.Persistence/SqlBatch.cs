using System.Collections.Concurrent;
using System.Data.Common;
using System.Linq.Expressions;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PostPurchase.Persistence;

/// <summary>
/// Plain SQL for the per-order hot path (webhook inbox, instance saves, send records): several statements sent as one
/// command, so one round trip, without change tracking. Tables and columns come from the EF model, so the statements
/// follow the mapping. On PostgreSQL a multi-statement command runs in one implicit transaction (all or nothing); on
/// SQLite <see cref="ExecuteAtomicAsync"/> wraps it in a transaction.
/// </summary>
internal sealed class SqlBatch(IModel model)
{
    private readonly StringBuilder _text = new();
    private readonly List<object?> _values = [];

    public bool IsEmpty => _text.Length == 0;

    /// <summary>A parameter placeholder for <paramref name="value"/>.</summary>
    public string Parameter(object? value)
    {
        _values.Add(value);
        return "@p" + (_values.Count - 1);
    }

    /// <summary>Appends one statement (without its semicolon).</summary>
    public SqlBatch Statement(string sql)
    {
        if (_text.Length > 0) _text.Append(";\n");
        _text.Append(sql);
        return this;
    }

    /// <summary>
    /// <c>INSERT INTO table (columns) VALUES (…), (…)</c> for <paramref name="rows"/>, leaving out store-generated keys;
    /// <paramref name="suffix"/> is appended (e.g. <c>ON CONFLICT DO NOTHING</c>).
    /// </summary>
    public SqlBatch Insert<T>(IReadOnlyCollection<T> rows, string? suffix = null) where T : class
    {
        if (rows.Count == 0) return this;
        var table = Table.For(model, typeof(T));
        var sql = new StringBuilder("INSERT INTO ").Append(table.Name).Append(" (").Append(table.ColumnList).Append(") VALUES ");
        var first = true;
        foreach (var row in rows)
        {
            sql.Append(first ? "(" : ", (");
            first = false;
            for (var i = 0; i < table.Values.Length; i++)
                sql.Append(i == 0 ? "" : ", ").Append(Parameter(table.Values[i](row)));
            sql.Append(')');
        }

        if (suffix is not null) sql.Append(' ').Append(suffix);
        return Statement(sql.ToString());
    }

    /// <summary><c>SELECT columns FROM table WHERE …</c> for <paramref name="where"/>; read the rows with <see cref="Read{T}"/>.</summary>
    public SqlBatch Select<T>(string where) where T : class
    {
        var table = Table.For(model, typeof(T));
        return Statement($"SELECT {table.ColumnList} FROM {table.Name} WHERE {where}");
    }

    /// <summary>The row at the reader's position, from the columns <see cref="Select{T}"/> listed.</summary>
    public T Read<T>(DbDataReader reader) where T : class => (T)Table.For(model, typeof(T)).Read(reader);

    /// <summary><c>ON CONFLICT (key) DO UPDATE SET</c> every other inserted column to the new value: a replace.</summary>
    public static string ReplaceOnConflict<T>(IModel model)
    {
        var table = Table.For(model, typeof(T));
        return $"ON CONFLICT ({table.KeyList}) DO UPDATE SET " +
               string.Join(", ", table.Columns.Where(c => !table.Keys.Contains(c)).Select(c => $"{c} = excluded.{c}"));
    }

    public DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = _text.ToString();
        command.Transaction = transaction;
        for (var i = 0; i < _values.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            parameter.Value = _values[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Runs the statements all or nothing on the context's connection; returns the rows they changed.</summary>
    public async Task<int> ExecuteAtomicAsync(PostPurchaseDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        if (db.Database.IsNpgsql())
        {
            await using var command = CreateCommand(connection);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var turn = await SqliteWriteGate.EnterAsync(connection, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = CreateCommand(connection, transaction))
        {
            var changed = await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return changed;
        }
    }

    /// <summary>
    /// Runs the statements all or nothing, then, after their commit, the query <paramref name="afterCommit"/> (which
    /// may use this batch's parameters) and returns how many rows it gave (0 without a query). On PostgreSQL both go
    /// in one round trip: <c>BEGIN; …; COMMIT; query</c>, the query in a transaction of its own that sees every commit
    /// before it. A failed statement rolls everything back and throws.
    /// </summary>
    public async Task<int> ExecuteAtomicThenQueryAsync(PostPurchaseDbContext db, string? afterCommit, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var rows = 0;
        if (db.Database.IsNpgsql())
        {
            var writes = _text.ToString();
            _text.Clear().Append("BEGIN;\n").Append(writes).Append(";\nCOMMIT");
            if (afterCommit is not null) _text.Append(";\n").Append(afterCommit);
            try
            {
                await using var command = CreateCommand(connection);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                do
                {
                    while (reader.FieldCount > 0 && await reader.ReadAsync(cancellationToken)) rows++;
                } while (await reader.NextResultAsync(cancellationToken));
                return rows;
            }
            catch (DbException)
            {
                // The failed statement left the explicit transaction aborted: end it before the connection is reused.
                await RollBackQuietlyAsync(connection);
                throw;
            }
        }

        await ExecuteAtomicAsync(db, cancellationToken);
        if (afterCommit is null) return rows;
        _text.Clear().Append(afterCommit);
        return (await QueryAsync(db, _ => 0, cancellationToken)).Count;
    }

    private static async Task RollBackQuietlyAsync(DbConnection connection)
    {
        try
        {
            await using var rollback = connection.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            // The connection broke with the statement; it is not returned to the pool as it is.
        }
    }

    /// <summary>Runs the statements (one round trip) and reads the rows of the first result set.</summary>
    public async Task<List<TResult>> QueryAsync<TResult>(PostPurchaseDbContext db, Func<DbDataReader, TResult> read, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = CreateCommand(db.Database.GetDbConnection());
        var rows = new List<TResult>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
        return rows;
    }

    /// <summary>A mapped table: its quoted name, the inserted columns and a compiled getter per column.</summary>
    private sealed class Table
    {
        private static readonly ConcurrentDictionary<Type, Table> Cache = new();

        public required string Name { get; init; }
        public required string[] Columns { get; init; }
        public required string[] Keys { get; init; }
        public required string ColumnList { get; init; }
        public required string KeyList { get; init; }
        public required Func<object, object?>[] Values { get; init; }
        public required Func<object> Create { get; init; }
        public required Action<object, object?>[] Setters { get; init; }
        public required Type[] Types { get; init; }

        public object Read(DbDataReader reader)
        {
            var row = Create();
            for (var i = 0; i < Setters.Length; i++)
            {
                var value = reader.GetValue(i);
                // SQLite hands back every integer as long: convert to the property's own type.
                Setters[i](row, value is DBNull ? null : value.GetType() == Types[i] ? value : Convert.ChangeType(value, Types[i], System.Globalization.CultureInfo.InvariantCulture));
            }

            return row;
        }

        public static Table For(IModel model, Type type) => Cache.GetOrAdd(type, t =>
        {
            var entity = model.FindEntityType(t) ?? throw new InvalidOperationException($"{t.Name} is not mapped.");
            var properties = entity.GetProperties().Where(p => p.ValueGenerated != ValueGenerated.OnAdd && p.PropertyInfo is not null).ToList();
            var columns = properties.Select(p => Quote(p.GetColumnName())).ToArray();
            var keys = entity.FindPrimaryKey()!.Properties.Select(p => Quote(p.GetColumnName())).ToArray();
            return new Table
            {
                Name = Quote(entity.GetTableName()!),
                Columns = columns,
                Keys = keys,
                ColumnList = string.Join(", ", columns),
                KeyList = string.Join(", ", keys),
                Values = properties.Select(p => Getter(t, p.PropertyInfo!)).ToArray(),
                Create = Expression.Lambda<Func<object>>(Expression.Convert(Expression.New(t), typeof(object))).Compile(),
                Setters = properties.Select(p => Setter(t, p.PropertyInfo!)).ToArray(),
                Types = properties.Select(p => Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType).ToArray(),
            };
        });

        private static string Quote(string name) => "\"" + name + "\"";

        private static Func<object, object?> Getter(Type type, System.Reflection.PropertyInfo property)
        {
            var row = Expression.Parameter(typeof(object));
            var body = Expression.Convert(Expression.Property(Expression.Convert(row, type), property), typeof(object));
            return Expression.Lambda<Func<object, object?>>(body, row).Compile();
        }

        private static Action<object, object?> Setter(Type type, System.Reflection.PropertyInfo property)
        {
            var row = Expression.Parameter(typeof(object));
            var value = Expression.Parameter(typeof(object));
            var body = Expression.Assign(Expression.Property(Expression.Convert(row, type), property), Expression.Convert(value, property.PropertyType));
            return Expression.Lambda<Action<object, object?>>(body, row, value).Compile();
        }
    }
}
