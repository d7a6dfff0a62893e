using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Api;

// Open311's status_notes carries only what the commune wrote to the citizen (loi 09-08): never the citizen's
// own words, whether or not they agreed to publish their complaint, nor anything internal.
public abstract class Open311PrivacyTests(DatabaseKind kind) : Open311Test(kind)
{
    // Someone else's name and identity card number, as a citizen might write them.
    const string Neighbour = "Karim Tazi, CIN AB123456";

    // The kinds of entry in which the commune speaks to the citizen.
    static readonly TimelineKind[] WrittenByTheCommune =
    [
        TimelineKind.InformationRequested, TimelineKind.Response, TimelineKind.Answer,
        TimelineKind.Rejected, TimelineKind.Closed, TimelineKind.Reopened,
    ];

    async Task<string> NotesAsync(string reference, string fmt)
    {
        var body = await App.CreateClient().GetStringAsync($"/open311/v2/requests/{reference}.{fmt}?jurisdiction_id=sefrou");
        return fmt == "json"
            ? JsonDocument.Parse(body).RootElement[0].GetProperty("status_notes").GetString() ?? ""
            : XDocument.Parse(body).Root!.Element("request")!.Element("status_notes")!.Value;
    }

    [Fact]
    public async Task Every_kind_of_timeline_entry_is_a_status_note_only_when_the_commune_wrote_it_to_the_citizen()
    {
        // One complaint per kind, each with one entry of that kind shown to the citizen, the worst case.
        var filed = new Dictionary<TimelineKind, string>();
        foreach (var entryKind in Enum.GetValues<TimelineKind>())
        {
            var (reference, _) = await FileAsync(Request(extra: [("attribute[consent_to_publish]", "true")]));
            filed[entryKind] = reference;
            await App.WithDbAsync(async db =>
            {
                var complaint = await db.Complaints.SingleAsync(c => c.Reference == reference);
                db.Add(new TimelineEntry
                {
                    ComplaintId = complaint.Id, At = App.Clock.GetUtcNow().UtcDateTime.AddMinutes(1), Actor = "someone",
                    Kind = entryKind, Text = $"{entryKind}: {Neighbour}", VisibleToCitizen = true,
                });
                await db.SaveChangesAsync();
            });
        }

        var client = App.CreateClient();
        var lists = new[]
        {
            await client.GetStringAsync("/open311/v2/requests.json?jurisdiction_id=sefrou"),
            await client.GetStringAsync("/open311/v2/requests.xml?jurisdiction_id=sefrou"),
        };
        foreach (var (entryKind, reference) in filed)
        {
            var shown = WrittenByTheCommune.Contains(entryKind);
            var text = $"{entryKind}: {Neighbour}";
            foreach (var fmt in new[] { "json", "xml" })
                Assert.True((await NotesAsync(reference, fmt) == text) == shown, $"{entryKind} in {fmt}: expected {(shown ? "shown" : "hidden")}");
            foreach (var list in lists)
                Assert.True(list.Contains(text) == shown, $"{entryKind} in a list: expected {(shown ? "shown" : "hidden")}");
        }
    }

    [Fact]
    public async Task A_rating_comment_and_a_contest_written_on_the_track_page_never_reach_open311()
    {
        var filed = await App.FileAsync(firstName: "Zineb", lastName: "Benjelloun");
        var reference = filed.Complaint.Reference;
        await App.QualifyAsync(reference);
        await App.MoveAsync(reference, (a, s) => a.RespondAsync(s, reference, null, "La voirie a rebouché le nid-de-poule.", true, CancellationToken.None));

        var citizen = App.Browser("fr");
        var form = await citizen.GetPageAsync("/track");
        var found = await citizen.PostFormAsync("/track", form,
            new Dictionary<string, string> { ["Reference"] = reference, ["Code"] = filed.AccessCode });
        Assert.Equal(HttpStatusCode.Redirect, found.StatusCode);
        var page = await citizen.GetPageAsync(found.Headers.Location!.OriginalString);
        var rated = await citizen.PostFormAsync($"/track/{reference}?handler=Rate", page,
            new Dictionary<string, string> { ["Satisfied"] = "false", ["Comment"] = $"Mal fait, demandez à {Neighbour}." });
        Assert.Equal(HttpStatusCode.Redirect, rated.StatusCode);
        page = await citizen.GetPageAsync(rated.Headers.Location!.OriginalString);
        var contested = await citizen.PostFormAsync($"/track/{reference}?handler=Contest", page,
            new Dictionary<string, string> { ["ContestReason"] = $"Le trou est revenu, mon voisin {Neighbour} peut en témoigner." });
        Assert.Equal(HttpStatusCode.Redirect, contested.StatusCode);

        // The citizen still reads their own words; the public reads the commune's last answer and nothing more.
        page = await citizen.GetPageAsync(contested.Headers.Location!.OriginalString);
        Assert.Contains(Neighbour, page.QuerySelector(".timeline")!.TextContent);
        foreach (var fmt in new[] { "json", "xml" })
        {
            Assert.Equal("La voirie a rebouché le nid-de-poule.", await NotesAsync(reference, fmt));
            var body = await App.CreateClient().GetStringAsync($"/open311/v2/requests.{fmt}?jurisdiction_id=sefrou");
            Assert.DoesNotContain("AB123456", body);
            Assert.DoesNotContain("Tazi", body);
        }
    }

    public sealed class OnSqlite() : Open311PrivacyTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : Open311PrivacyTests(DatabaseKind.Postgres);
}
