using Complaints.Web.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Complaints.Web.Data;

// Writes new complaints and their timelines with PostgreSQL's binary COPY, for the volume generator:
// a million complaints in minutes where SaveChanges takes most of an hour. The columns and their
// conversions come from the EF model itself, so a column added to the model is written too (and a
// model this class cannot follow, such as a shadow property, stops it rather than leaving a column empty).
sealed class ComplaintCopy
{
    sealed record Column(string Name, string DataType, Func<object, object?> Read);

    readonly NpgsqlConnection connection;
    readonly string idsSql;
    readonly string complaintsCopy;
    readonly Column[] complaintColumns;
    readonly string timelineCopy;
    readonly Column[] timelineColumns;

    public ComplaintCopy(AppDbContext db)
    {
        connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var complaint = db.Model.FindEntityType(typeof(Complaint))!;
        var timeline = db.Model.FindEntityType(typeof(TimelineEntry))!;
        // The complaint's ids are taken from its identity sequence first, so its timeline rows can point to it.
        complaintColumns = Columns(complaint, withKey: true);
        timelineColumns = Columns(timeline, withKey: false);
        var table = Quote(complaint.GetTableName()!);
        idsSql = $"SELECT nextval(pg_get_serial_sequence('{table}', '{complaint.FindPrimaryKey()!.Properties[0].GetColumnName()}')) FROM generate_series(1, $1)";
        complaintsCopy = CopySql(complaint, complaintColumns);
        timelineCopy = CopySql(timeline, timelineColumns);
    }

    public async Task WriteAsync(IReadOnlyList<Complaint> complaints, CancellationToken ct)
    {
        var ids = new List<long>(complaints.Count);
        await using (var command = new NpgsqlCommand(idsSql, connection) { Parameters = { new() { Value = complaints.Count } } })
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                ids.Add(reader.GetInt64(0));
        for (var i = 0; i < complaints.Count; i++)
        {
            complaints[i].Id = ids[i];
            foreach (var entry in complaints[i].Timeline)
                entry.ComplaintId = ids[i];
        }
        await CopyAsync(complaintsCopy, complaintColumns, complaints, ct);
        await CopyAsync(timelineCopy, timelineColumns, complaints.SelectMany(c => c.Timeline), ct);
    }

    async Task CopyAsync(string sql, Column[] columns, IEnumerable<object> rows, CancellationToken ct)
    {
        await using var importer = await connection.BeginBinaryImportAsync(sql, ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            foreach (var column in columns)
            {
                if (column.Read(row) is { } value)
                    await importer.WriteAsync(value, column.DataType, ct);
                else
                    await importer.WriteNullAsync(ct);
            }
        }
        await importer.CompleteAsync(ct);
    }

    // Every column of the entity's table: its own properties (the key only when asked) and those of the
    // owned types stored in the same table, read and converted (enums to text, instants to UTC) as EF would.
    static Column[] Columns(IEntityType entity, bool withKey)
    {
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = new List<Column>();
        void Add(IEntityType type, Func<object, object?> owner)
        {
            foreach (var property in type.GetProperties())
            {
                if (property.IsPrimaryKey() && (type != entity || !withKey))
                    continue;
                if (property.IsShadowProperty())
                    throw new InvalidOperationException($"{type.DisplayName()}.{property.Name} is a shadow property: teach ComplaintCopy to write it.");
                var getter = property.GetGetter();
                var converter = property.GetTypeMapping().Converter;
                var dataType = property.GetColumnType(table)!;
                columns.Add(new Column(property.GetColumnName(table)!, dataType.Split('(')[0], row =>
                {
                    var value = owner(row) is { } o ? getter.GetClrValue(o) : null;
                    return value is null || converter is null ? value : converter.ConvertToProvider(value);
                }));
            }
            foreach (var navigation in type.GetNavigations().Where(n => n.TargetEntityType.IsOwned() && !n.IsCollection))
            {
                if (navigation.TargetEntityType.GetTableName() != entity.GetTableName())
                    throw new InvalidOperationException($"{navigation.Name} is stored in its own table: teach ComplaintCopy to write it.");
                var navigationGetter = navigation.GetGetter();
                Add(navigation.TargetEntityType, row => owner(row) is { } o ? navigationGetter.GetClrValue(o) : null);
            }
        }
        Add(entity, row => row);
        var mapped = entity.GetTableMappings().Single().Table.Columns.Select(c => c.Name)
            .Where(name => withKey || name != entity.FindPrimaryKey()!.Properties[0].GetColumnName(table));
        var missing = mapped.Except(columns.Select(c => c.Name)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"ComplaintCopy does not write {string.Join(", ", missing)}.");
        return [.. columns];
    }

    static string CopySql(IEntityType entity, Column[] columns) =>
        $"COPY {Quote(entity.GetTableName()!)} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";

    static string Quote(string name) => $"\"{name}\"";
}
