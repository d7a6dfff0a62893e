using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Citizens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Citizens;

// The access codes' hashes are keyed with a secret the database keeps only under data protection (ADR 16): every
// instance reads the same key, and the codes of complaints filed before still open them.
public abstract class AccessCodeKeyTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task Two_instances_starting_together_make_one_key_and_each_opens_the_codes_the_other_gave()
    {
        var apps = await TestApp.StartTogetherAsync(Kind, 2);
        try
        {
            var filed = await apps[0].FileAsync();

            Assert.Equal(HttpStatusCode.Redirect, (await TrackAsync(apps[1], filed.Complaint.Reference, filed.AccessCode)).StatusCode);
            var (stored, secrets) = await apps[1].WithDbAsync(async db => (
                await db.Complaints.Where(c => c.Id == filed.Complaint.Id).Select(c => c.AccessCodeHash).SingleAsync(),
                await db.Secrets.Select(s => s.Protected).ToListAsync()));
            Assert.True(AccessCode.IsKeyed(stored));
            // The row holds the key protected, not the key: taken as it is, it opens nothing.
            var row = Convert.FromBase64String(Assert.Single(secrets));
            Assert.False(AccessCode.Verify(filed.AccessCode, stored, row));
        }
        finally
        {
            foreach (var app in apps.Reverse())
                await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_code_stored_by_the_slow_hash_of_before_opens_its_complaint_and_is_then_stored_keyed()
    {
        var filed = await App.FileAsync();
        // "K7MP3QXA" by the salted PBKDF2 every complaint was stored with before the keyed hash.
        const string before = "AAECAwQFBgcICQoLDA0ODw==:EAMKv2aXo+B7mbw13D32yO7RTRPtjlexuD6a/YI8vnk=";
        await App.WithDbAsync(db => db.Complaints.Where(c => c.Id == filed.Complaint.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AccessCodeHash, before)));

        Assert.NotEqual(HttpStatusCode.Redirect, (await TrackAsync(App, filed.Complaint.Reference, filed.AccessCode)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await TrackAsync(App, filed.Complaint.Reference, "k7mp-3qxa")).StatusCode);

        var stored = await App.WithDbAsync(db => db.Complaints.Where(c => c.Id == filed.Complaint.Id).Select(c => c.AccessCodeHash).SingleAsync());
        Assert.True(AccessCode.IsKeyed(stored));
        Assert.True(App.Services.GetRequiredService<AccessCodeKey>().Verify("K7MP3QXA", stored));
        Assert.Equal(HttpStatusCode.Redirect, (await TrackAsync(App, filed.Complaint.Reference, "K7MP3QXA")).StatusCode);
    }

    static async Task<HttpResponseMessage> TrackAsync(TestApp app, string reference, string code)
    {
        var citizen = app.Browser("fr");
        return await citizen.PostFormAsync("/track", await citizen.GetPageAsync("/track"),
            new Dictionary<string, string> { ["Reference"] = reference, ["Code"] = code });
    }

    public sealed class OnSqlite() : AccessCodeKeyTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : AccessCodeKeyTests(DatabaseKind.Postgres);
}
