using System.Net;
using Complaints.Tests.Infrastructure;

namespace Complaints.Tests.Api;

public abstract class HealthTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task Live_and_ready_answer_200_on_a_migrated_database()
    {
        var client = App.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Ready_answers_503_when_the_database_is_gone()
    {
        var client = App.CreateClient();
        await App.Database.DisposeAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task A_failure_answers_problem_details_to_programs_and_a_page_to_people()
    {
        var api = await App.ApiAsync(await App.CreateAsync(Complaints.Web.Staff.Roles.ComplaintsCell));
        await App.Database.DisposeAsync();

        var failed = await api.GetAsync("/api/v1/complaints");
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("application/problem+json", failed.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain("Exception", await failed.Content.ReadAsStringAsync());

        var page = await App.Browser("fr").GetAsync("/sefrou/file");
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Contains("Une erreur est survenue", await page.Content.ReadAsStringAsync());
    }

    public sealed class OnSqlite() : HealthTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : HealthTests(DatabaseKind.Postgres);
}
