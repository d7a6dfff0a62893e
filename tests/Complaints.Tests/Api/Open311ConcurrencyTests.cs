using System.Net;
using System.Text.Json;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Api;

// Many clients filing at once still get distinct, gap-free references per commune.
public abstract class Open311ConcurrencyTests(DatabaseKind kind) : Open311Test(kind)
{
    protected override Dictionary<string, string?> Settings => new(base.Settings) { ["RateLimiting:Enabled"] = "false" };

    [Fact]
    public async Task Forty_parallel_posts_get_references_1_to_40_while_another_commune_files_too()
    {
        var client = App.CreateClient();
        async Task<string> File(string commune)
        {
            var response = await PostAsync(Request(commune: commune), client: client);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            return JsonDocument.Parse(body).RootElement[0].GetProperty("service_request_id").GetString()!;
        }

        var sefrou = Enumerable.Range(0, 40).Select(_ => File("sefrou")).ToList();
        var jadida = Enumerable.Range(0, 10).Select(_ => File("el-jadida")).ToList();
        await Task.WhenAll(sefrou.Concat(jadida));

        Assert.Equal(Enumerable.Range(1, 40).Select(n => $"SEF-2026-{n:D6}"), sefrou.Select(t => t.Result).Order());
        Assert.Equal(Enumerable.Range(1, 10).Select(n => $"JDA-2026-{n:D6}"), jadida.Select(t => t.Result).Order());
        var stored = await App.WithDbAsync(db => db.Complaints.Where(c => c.Channel == Channel.Api).Select(c => c.Reference).ToListAsync());
        Assert.Equal(50, stored.Distinct().Count());
    }

    public sealed class OnSqlite() : Open311ConcurrencyTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : Open311ConcurrencyTests(DatabaseKind.Postgres);
}
