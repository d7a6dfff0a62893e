namespace Complaints.Web.Files;

// Where attachment bytes live. The default keeps them under Storage:Path, which several
// instances share when it is a shared mount.
public interface IFileStore
{
    Task SaveAsync(string key, Stream content, CancellationToken ct);
    Task<Stream?> OpenAsync(string key, CancellationToken ct);
    Task DeleteAsync(string key, CancellationToken ct);
}

public sealed class LocalFileStore(IConfiguration config, IHostEnvironment env) : IFileStore
{
    readonly string root = Path.GetFullPath(Path.Combine(env.ContentRootPath, config["Storage:Path"] ?? "data/files"));

    public async Task SaveAsync(string key, Stream content, CancellationToken ct)
    {
        var path = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Write beside, then move: a reader never sees half a file.
        var temp = path + ".part";
        await using (var file = File.Create(temp))
            await content.CopyToAsync(file, ct);
        File.Move(temp, path, overwrite: true);
    }

    public Task<Stream?> OpenAsync(string key, CancellationToken ct)
    {
        var path = PathFor(key);
        return Task.FromResult<Stream?>(File.Exists(path) ? File.OpenRead(path) : null);
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        File.Delete(PathFor(key));
        return Task.CompletedTask;
    }

    string PathFor(string key)
    {
        var path = Path.GetFullPath(Path.Combine(root, key));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException("Storage key escapes the store.", nameof(key));
        return path;
    }
}
