using Complaints.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Complaints.Tools;

// Writes new rows with PostgreSQL's binary COPY, for the volume generator: a million complaints in minutes
// where SaveChanges takes most of an hour. The columns and their conversions come from the EF model itself,
// so a column added to the model is written too (and a model this class cannot follow, such as a shadow
// property, stops it rather than leaving a column empty).
sealed class BulkCopy(AppDbContext db)
{
    sealed record Column(string Name, string DataType, Func<object, object?> Read);

    sealed record Table(string Copy, Column[] Columns, string NextIds);

    readonly NpgsqlConnection connection = (NpgsqlConnection)db.Database.GetDbConnection();
    readonly Dictionary<(Type, bool), Table> tables = [];

    // Ids taken from the table's identity sequence, so that rows pointing to these can be written with them.
    public async Task<List<long>> TakeIdsAsync<T>(int count, CancellationToken ct)
    {
        var ids = new List<long>(count);
        await using var command = new NpgsqlCommand(TableOf(typeof(T), withKey: true).NextIds, connection) { Parameters = { new() { Value = count } } };
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            ids.Add(reader.GetInt64(0));
        return ids;
    }

    // withKey: the rows carry their ids (from TakeIdsAsync); otherwise the database gives them.
    public async Task CopyAsync<T>(IEnumerable<T> rows, bool withKey, CancellationToken ct) where T : class
    {
        var table = TableOf(typeof(T), withKey);
        await using var importer = await connection.BeginBinaryImportAsync(table.Copy, ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            foreach (var column in table.Columns)
            {
                if (column.Read(row) is { } value)
                    await importer.WriteAsync(value, column.DataType, ct);
                else
                    await importer.WriteNullAsync(ct);
            }
        }
        await importer.CompleteAsync(ct);
    }

    Table TableOf(Type type, bool withKey)
    {
        if (tables.TryGetValue((type, withKey), out var table))
            return table;
        var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");
        var columns = Columns(entity, withKey);
        var key = entity.FindPrimaryKey()!.Properties.Single().GetColumnName();
        var name = Quote(entity.GetTableName()!);
        return tables[(type, withKey)] = new Table(
            $"COPY {name} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)", columns,
            $"SELECT nextval(pg_get_serial_sequence('{name}', '{key}')) FROM generate_series(1, $1)");
    }

    // Every column of the entity's table: its own properties (the key only when asked) and those of the
    // owned types stored in the same table, read and converted (enums to text, instants to UTC) as EF would.
    static Column[] Columns(IEntityType entity, bool withKey)
    {
        var store = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = new List<Column>();
        void Add(IEntityType type, Func<object, object?> owner)
        {
            foreach (var property in type.GetProperties())
            {
                if (property.IsPrimaryKey() && (type != entity || !withKey))
                    continue;
                if (property.IsShadowProperty())
                    throw new InvalidOperationException($"{type.DisplayName()}.{property.Name} is a shadow property: teach BulkCopy to write it.");
                var getter = property.GetGetter();
                var converter = property.GetTypeMapping().Converter;
                // "character varying(16)" is written as "character varying": COPY's binary format has no length.
                var dataType = property.GetColumnType(store).Split('(')[0];
                columns.Add(new Column(property.GetColumnName(store)!, dataType, row =>
                {
                    var value = owner(row) is { } o ? getter.GetClrValue(o) : null;
                    return value is null || converter is null ? value : converter.ConvertToProvider(value);
                }));
            }
            foreach (var navigation in type.GetNavigations().Where(n => n.TargetEntityType.IsOwned()))
            {
                if (navigation.IsCollection || navigation.TargetEntityType.GetTableName() != entity.GetTableName())
                    throw new InvalidOperationException($"{navigation.Name} is stored in its own table: teach BulkCopy to write it.");
                var navigationGetter = navigation.GetGetter();
                Add(navigation.TargetEntityType, row => owner(row) is { } o ? navigationGetter.GetClrValue(o) : null);
            }
        }
        Add(entity, row => row);
        var key = entity.FindPrimaryKey()!.Properties.Single().GetColumnName(store);
        var missing = entity.GetTableMappings().Single().Table.Columns.Select(c => c.Name)
            .Where(name => withKey || name != key).Except(columns.Select(c => c.Name)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"BulkCopy does not write {string.Join(", ", missing)} of {entity.GetTableName()}.");
        return [.. columns];
    }

    static string Quote(string name) => $"\"{name}\"";
}
