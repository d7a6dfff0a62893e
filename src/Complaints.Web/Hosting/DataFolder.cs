using Microsoft.Data.Sqlite;

namespace Complaints.Web.Hosting;

// The folder of the embedded SQLite database (`data/` by default), where what belongs to this one host is kept beside
// the database file but not in it: a key certificate made on the first start, the first administrator's password
// (docs/decisions/0018-production-by-default.md). With PostgreSQL, `data/` under the working folder.
public static class DataFolder
{
    public const string DefaultSqlite = "Data Source=data/complaints.db";

    // The embedded database is one host's: nothing made here has to be shared with another instance.
    public static bool IsEmbeddedDatabase(IConfiguration config) =>
        (config["Database:Provider"] ?? "Sqlite").Equals("Sqlite", StringComparison.OrdinalIgnoreCase);

    public static string Path(IConfiguration config)
    {
        var source = IsEmbeddedDatabase(config) ? new SqliteConnectionStringBuilder(config.GetConnectionString("Sqlite") ?? DefaultSqlite).DataSource : "";
        var folder = source is { Length: > 0 } and not ":memory:" ? System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(source)) : null;
        return folder ?? System.IO.Path.GetFullPath("data");
    }

    // Written whole under a temporary name, readable and writable by this account only (0600) from its first byte,
    // then moved into place; with replace false, a file another instance put there first is kept and false returned.
    public static bool WriteOwnerOnly(string path, ReadOnlySpan<byte> content, bool replace)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(temporary, options))
            file.Write(content);
        try
        {
            File.Move(temporary, path, overwrite: replace);
            return true;
        }
        catch (IOException) when (!replace && File.Exists(path))
        {
            File.Delete(temporary);
            return false;
        }
    }
}
