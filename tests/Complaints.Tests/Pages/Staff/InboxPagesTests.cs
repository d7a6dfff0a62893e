using System.Net;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Domain;
using Complaints.Web.Staff;

namespace Complaints.Tests.Pages.Staff;

public abstract class InboxPagesTests(DatabaseKind kind) : AppTest(kind)
{
    static List<string> References(AngleSharp.Dom.IDocument page) =>
        page.QuerySelectorAll("table.inbox tbody td a.reference").Select(a => a.TextContent.Trim()).ToList();

    [Fact]
    public async Task Without_signing_in_the_inbox_sends_to_the_login_page()
    {
        var response = await App.Browser().GetAsync("/staff");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/staff/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_cell_of_kenitra_sees_kenitra_complaints_and_never_those_of_sefrou()
    {
        var kenitra = await App.FileAsync("kenitra");
        var sefrou = await App.FileAsync("sefrou");
        var client = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell, "kenitra"));

        var page = await client.GetPageAsync("/staff");
        Assert.Equal([kenitra.Complaint.Reference], References(page));
        Assert.Equal($"/staff/complaints/{kenitra.Complaint.Reference}", page.QuerySelector("a.reference")!.GetAttribute("href"));
        Assert.DoesNotContain(sefrou.Complaint.Reference, page.Body!.TextContent);
        var search = await client.GetPageAsync($"/staff?q={sefrou.Complaint.Reference}");
        Assert.Empty(References(search));
    }

    [Fact]
    public async Task A_service_agent_sees_only_the_complaints_of_their_service_soonest_deadline_first()
    {
        var road = await App.FileAsync(category: "voirie");
        App.Clock.Advance(TimeSpan.FromDays(2));
        var laterRoad = await App.FileAsync(category: "voirie");
        var light = await App.FileAsync(category: "eclairage-public");
        var untouched = await App.FileAsync(category: "voirie");
        foreach (var f in new[] { laterRoad, road, light })
            await App.QualifyAsync(f.Complaint.Reference);
        var client = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ServiceAgent, "sefrou", "voirie"));

        var page = await client.GetPageAsync("/staff");
        Assert.Equal([road.Complaint.Reference, laterRoad.Complaint.Reference], References(page));
        Assert.Null(page.QuerySelector("nav.tabs"));
        Assert.DoesNotContain(untouched.Complaint.Reference, page.Body!.TextContent);
        Assert.DoesNotContain(light.Complaint.Reference, page.Body.TextContent);
    }

    [Fact]
    public async Task The_tabs_filters_and_search_narrow_the_cells_list()
    {
        var pothole = await App.FileAsync(category: "voirie", description: "Nid-de-poule énorme rue des Orangers, dangereux.");
        var lamp = await App.FileAsync(category: "eclairage-public", description: "Lampadaire éteint devant la mosquée.", channel: Channel.Phone, district: "d2");
        var rubbish = await App.FileAsync(category: "proprete", description: "Ordures non ramassées depuis une semaine.");
        await App.QualifyAsync(lamp.Complaint.Reference);
        var client = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));

        var fresh = await client.GetPageAsync("/staff?tab=new");
        Assert.Equal([pothole.Complaint.Reference, rubbish.Complaint.Reference], References(fresh).Order());
        Assert.Equal("page", fresh.QuerySelector("nav.tabs a[href^='/staff?tab=new']")!.GetAttribute("aria-current"));
        var withServices = await client.GetPageAsync("/staff?tab=services");
        Assert.Equal([lamp.Complaint.Reference], References(withServices));
        Assert.Contains("Transmise au service compétent", withServices.QuerySelector("table.inbox tbody")!.TextContent);
        Assert.Contains("Éclairage", withServices.QuerySelector("table.inbox tbody")!.TextContent);

        Assert.Equal([rubbish.Complaint.Reference], References(await client.GetPageAsync("/staff?category=proprete")));
        Assert.Equal([lamp.Complaint.Reference], References(await client.GetPageAsync("/staff?channel=phone")));
        Assert.Equal([lamp.Complaint.Reference], References(await client.GetPageAsync("/staff?district=d2")));
        Assert.Equal([lamp.Complaint.Reference], References(await client.GetPageAsync("/staff?service=eclairage")));
        Assert.Equal([pothole.Complaint.Reference], References(await client.GetPageAsync("/staff?q=orangers")));
        // The complainant's name is searchable by those allowed to see it.
        Assert.Equal(3, References(await client.GetPageAsync("/staff?q=benali")).Count);

        var unknown = await client.GetPageAsync("/staff?status=lost");
        Assert.Contains("État inconnu", unknown.FieldError("status"));
    }

    [Fact]
    public async Task Late_complaints_have_their_tab_and_a_visible_mark()
    {
        var old = await App.FileAsync(description: "Trottoir effondré depuis longtemps, personne ne vient.");
        App.Clock.Advance(TimeSpan.FromDays(61));
        var recent = await App.FileAsync(description: "Nouveau trou dans la chaussée près du marché.");
        var client = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));

        var late = await client.GetPageAsync("/staff?tab=late");
        Assert.Equal([old.Complaint.Reference], References(late));
        Assert.Contains("En retard", late.QuerySelector("table.inbox tbody .late")!.TextContent);
        var all = await client.GetPageAsync("/staff?tab=all&sort=-filed");
        Assert.Equal([recent.Complaint.Reference, old.Complaint.Reference], References(all));
        Assert.Single(all.QuerySelectorAll("table.inbox tbody .late"));
        Assert.Equal([old.Complaint.Reference], References(await client.GetPageAsync("/staff?late=true")));
    }

    [Fact]
    public async Task The_list_is_paged_by_25_with_previous_and_next()
    {
        var references = new List<string>();
        for (var i = 0; i < 27; i++)
            references.Add((await App.FileAsync(description: $"Plainte numéro {i} au sujet de la chaussée.")).Complaint.Reference);
        var client = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell));

        var first = await client.GetPageAsync("/staff?sort=reference");
        Assert.Equal(references.Take(25), References(first));
        Assert.Contains("Plaintes 1 à 25 sur 27", first.QuerySelector(".count")!.TextContent);
        Assert.Null(first.QuerySelector("a[rel=prev]"));
        var next = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        var second = await client.GetPageAsync(next);
        Assert.Equal(references.Skip(25), References(second));
        Assert.Contains("Plaintes 26 à 27 sur 27", second.QuerySelector(".count")!.TextContent);
        Assert.Contains("Page 2 sur 2", second.QuerySelector(".pager")!.TextContent);
        Assert.NotNull(second.QuerySelector("a[rel=prev]"));
    }

    [Fact]
    public async Task In_Arabic_the_inbox_is_right_to_left_with_the_domains_Arabic_names()
    {
        await App.FileAsync(category: "eclairage-public");
        var client = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell), "ar");

        var page = await client.GetPageAsync("/staff");
        Assert.Equal("rtl", page.DocumentElement.GetAttribute("dir"));
        Assert.Equal("ar", page.DocumentElement.GetAttribute("lang"));
        Assert.DoesNotMatch(@"\bstaff\.[a-z]", page.Body!.TextContent);
        var row = page.QuerySelector("table.inbox tbody tr")!.TextContent;
        Assert.Contains("الإنارة العمومية", row);
        Assert.Contains("توصل", page.QuerySelector("table.inbox tbody .status")!.TextContent);
    }

    [Fact]
    public async Task A_platform_admin_picks_the_commune()
    {
        var kenitra = await App.FileAsync("kenitra");
        var safi = await App.FileAsync("safi");
        var client = await App.StaffBrowserAsync(await App.PlatformAdminAsync());

        var all = await client.GetPageAsync("/staff");
        Assert.Equal([kenitra.Complaint.Reference, safi.Complaint.Reference], References(all).Order());
        Assert.NotNull(all.QuerySelector("select#commune option[value=kenitra]"));
        Assert.Equal([safi.Complaint.Reference], References(await client.GetPageAsync("/staff?commune=safi")));
    }

    public sealed class OnSqlite() : InboxPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : InboxPagesTests(DatabaseKind.Postgres);
}
