using System.Text.RegularExpressions;
using Complaints.BrowserTests.Infrastructure;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Staff;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Complaints.BrowserTests.Pages;

// The whole life of one complaint through the pages: a citizen, the complaints cell and the voirie service,
// each in a browser of their own.
public abstract class StaffLifeCycleTests(DatabaseKind kind, BrowserFixture browser) : BrowserTest(kind, browser)
{
    const string Description = "Un grand nid-de-poule devant l'école primaire depuis deux semaines.";
    const string Note = "Le président de l'association du quartier a aussi appelé.";
    const string Proposal = "L'équipe de la voirie a rebouché le nid-de-poule le 12 mars. Merci de votre signalement.";
    const string CloseReason = "Réponse envoyée, travaux faits.";
    const string ReopenReason = "Le citoyen signale que le trou est revenu après la pluie.";
    const string Instructions = "Reprendre l'enrobé sur toute la largeur, pas seulement le trou.";

    [Fact]
    public async Task The_cell_qualifies_the_service_proposes_the_cell_answers_closes_reopens_and_the_citizen_reads_only_the_answer()
    {
        var desk = StaffDesk.French;
        var citizen = await OpenAsync(Citizen.French);
        var (reference, code) = await FileAsync(citizen, Citizen.French, description: Description, category: "voirie");

        var cellMember = await App.CreateAsync(Roles.ComplaintsCell, "sefrou");
        var agentMember = await App.CreateAsync(Roles.ServiceAgent, "sefrou", service: "voirie");
        var cell = await OpenAsync(desk.Locale);
        var agent = await OpenAsync(desk.Locale);
        await desk.SignInAsync(cell, cellMember);
        await desk.SignInAsync(agent, agentMember);

        // The service sees nothing before the cell has qualified the complaint.
        await Expect(agent).ToHaveURLAsync(new Regex("/staff$"));
        await Expect(agent.GetByText("Les plaintes transmises à votre service")).ToBeVisibleAsync();
        await Expect(agent.GetByText("Aucune plainte ne correspond à ces critères.")).ToBeVisibleAsync();

        // The cell finds it among the new ones.
        await Expect(cell).ToHaveURLAsync(new Regex("/staff$"));
        await cell.GetByRole(AriaRole.Link, new() { Name = "Nouvelles", Exact = true }).ClickAsync();
        await Expect(cell.GetByRole(AriaRole.Link, new() { Name = "Nouvelles", Exact = true })).ToHaveAttributeAsync("aria-current", "page");
        var row = Row(cell, reference);
        await Expect(row.Locator(".status")).ToHaveTextAsync("Reçue");
        await Expect(row).ToContainTextAsync("Voirie et trottoirs");
        await Expect(row.Locator(".excerpt")).ToContainTextAsync("Un grand nid-de-poule");
        await row.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();

        await Expect(cell).ToHaveURLAsync(new Regex($"/staff/complaints/{reference}$"));
        await ExpectStatusAsync(cell, "Reçue");
        await Expect(cell.Locator(".service")).ToHaveTextAsync("Pas encore transmise");
        await Expect(cell.Locator("section .description").First).ToHaveTextAsync(Description);
        await cell.GetByRole(AriaRole.Button, new() { Name = "Déclarer recevable et transmettre", Exact = true }).ClickAsync();
        await ExpectDoneAsync(cell, "Plainte déclarée recevable et transmise au service.");
        await ExpectStatusAsync(cell, "Transmise au service compétent");
        await Expect(cell.Locator(".service")).ToHaveTextAsync("Service de la voirie");
        await cell.GetByLabel("Note", new() { Exact = true }).FillAsync(Note);
        await cell.GetByRole(AriaRole.Button, new() { Name = "Ajouter la note", Exact = true }).ClickAsync();
        await ExpectDoneAsync(cell, "Note ajoutée.");

        // The service now has it, starts it and proposes a definitive answer.
        await agent.ReloadAsync();
        var agentRow = Row(agent, reference);
        await Expect(agentRow.Locator(".status")).ToHaveTextAsync("Transmise au service compétent");
        await agentRow.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();
        await ExpectStatusAsync(agent, "Transmise au service compétent");
        await Expect(agent.Locator(".staff-timeline")).ToContainTextAsync(Note);
        await agent.GetByRole(AriaRole.Button, new() { Name = "Le service commence", Exact = true }).ClickAsync();
        await ExpectDoneAsync(agent, "Traitement commencé.");
        await ExpectStatusAsync(agent, "En cours de traitement");
        await agent.GetByLabel("Réponse proposée", new() { Exact = true }).FillAsync(Proposal);
        await agent.GetByLabel("Proposée comme réponse définitive").CheckAsync();
        await agent.GetByRole(AriaRole.Button, new() { Name = "Proposer", Exact = true }).ClickAsync();
        await ExpectDoneAsync(agent, "Réponse proposée à la cellule.");
        await ExpectStatusAsync(agent, "En cours de traitement");
        // Services draft; only the cell writes to the citizen.
        await Expect(agent.GetByRole(AriaRole.Button, new() { Name = "Envoyer la réponse", Exact = true })).ToHaveCountAsync(0);

        // The cell reads the proposal already in its answer form, and sends it as the definitive answer.
        await cell.ReloadAsync();
        await ExpectStatusAsync(cell, "En cours de traitement");
        var response = cell.GetByLabel("Réponse au citoyen", new() { Exact = true });
        await Expect(response).ToHaveValueAsync(Proposal);
        var definitive = cell.GetByLabel("Réponse définitive (la plainte est alors « répondue »)");
        await Expect(definitive).ToBeCheckedAsync();
        await cell.GetByRole(AriaRole.Button, new() { Name = "Envoyer la réponse", Exact = true }).ClickAsync();
        await ExpectDoneAsync(cell, "Réponse définitive envoyée au citoyen.");
        await ExpectStatusAsync(cell, "Réponse définitive envoyée");

        await cell.GetByLabel("Motif de clôture", new() { Exact = true }).FillAsync(CloseReason);
        await cell.GetByRole(AriaRole.Button, new() { Name = "Clôturer la plainte", Exact = true }).ClickAsync();
        await ExpectDoneAsync(cell, "Plainte clôturée.");
        await ExpectStatusAsync(cell, "Clôturée");

        await cell.GetByLabel("Motif de réouverture", new() { Exact = true }).FillAsync(ReopenReason);
        await cell.GetByRole(AriaRole.Button, new() { Name = "Rouvrir la plainte", Exact = true }).ClickAsync();
        await ExpectDoneAsync(cell, "Plainte rouverte.");
        await ExpectStatusAsync(cell, "Rouverte");

        await cell.GetByLabel("Service", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Service de la voirie" });
        await cell.GetByLabel("Instructions au service", new() { Exact = true }).FillAsync(Instructions);
        await cell.GetByRole(AriaRole.Button, new() { Name = "Transmettre", Exact = true }).ClickAsync();
        await ExpectDoneAsync(cell, "Plainte transmise au service.");
        await ExpectStatusAsync(cell, "Transmise au service compétent");

        // Staff read the whole story, internal entries marked as such.
        await Expect(cell.Locator(".staff-timeline > li > strong")).ToHaveTextAsync(
        [
            "Déposée", "Transmise au service", "Note interne", "Prise en charge par le service", "Réponse proposée par le service",
            "Réponse définitive envoyée", "Clôturée", "Rouverte", "Transmise au service", "Instructions au service",
        ]);
        await Expect(cell.Locator(".staff-timeline > li.internal-entry > strong")).ToHaveTextAsync(
            ["Note interne", "Réponse proposée par le service", "Instructions au service"]);
        await Expect(cell.Locator(".staff-timeline > li.internal-entry .internal")).ToHaveTextAsync(["Interne", "Interne", "Interne"]);
        await Expect(cell.Locator(".staff-timeline")).ToContainTextAsync(Instructions);

        // The citizen, with only the reference and the code, reads the answer and never the internal words.
        await TrackAsync(citizen, Citizen.French, reference, code);
        await Expect(citizen).ToHaveURLAsync(new Regex($"/track/{reference}$"));
        await Expect(citizen.Locator(".status")).ToHaveTextAsync("Transmise au service compétent");
        var messages = citizen.Locator(".timeline > li");
        await Expect(messages.Locator("strong")).ToHaveTextAsync(
        [
            "Transmise au service compétent", "Demande rouverte", "Demande clôturée", "Réponse définitive", "Traitement commencé",
            "Transmise au service compétent", "Demande reçue",
        ]);
        await Expect(messages.Filter(new() { HasText = "Réponse définitive" }).Locator(".description")).ToHaveTextAsync(Proposal);
        await Expect(messages.Filter(new() { HasText = "Demande rouverte" }).Locator(".description")).ToHaveTextAsync(ReopenReason);
        await Expect(citizen.GetByText(Proposal)).ToHaveCountAsync(1);
        var body = citizen.Locator("body");
        await Expect(body).Not.ToContainTextAsync(Note);
        await Expect(body).Not.ToContainTextAsync(Instructions);
        await Expect(body).Not.ToContainTextAsync("Note interne");
        await Expect(body).Not.ToContainTextAsync("Réponse proposée");
        await Expect(body).Not.ToContainTextAsync("Instructions");
    }

    static ILocator Row(IPage page, string reference) => page.Locator("table.inbox tbody tr", new() { HasText = reference });

    static Task ExpectStatusAsync(IPage page, string status) => Expect(page.Locator("h1 .status")).ToHaveTextAsync(status);

    // A move that was applied lands back on the complaint, which says so.
    static async Task ExpectDoneAsync(IPage page, string message)
    {
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(message);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
    }

    public sealed class OnSqlite(BrowserFixture browser) : StaffLifeCycleTests(DatabaseKind.Sqlite, browser);
    public sealed class OnPostgres(BrowserFixture browser) : StaffLifeCycleTests(DatabaseKind.Postgres, browser);
}
