using System.Net;
using System.Text;
using AngleSharp.Dom;
using ClosedXML.Excel;
using Complaints.Tests.Infrastructure;
using Complaints.Web.Audit;
using Complaints.Web.Import;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Pages.Staff;

// A commune's lists and staff from a sheet: a preview that names every bad row and cell and writes nothing,
// then a confirmation that writes the good rows.
public abstract class ImportPagesTests(DatabaseKind kind) : AppTest(kind)
{
    const string Url = "/staff/admin/import";

    static readonly string LongName = new('n', 201);

    // Sefrou's services as seeded: voirie as it is, proprete renamed, and rows each wrong in its own way.
    static readonly string[][] ServiceSheet =
    [
        ["code", "nameFr", "nameAr"],
        ["parcs", "Service des parcs", "مصلحة الحدائق"],
        ["voirie", "Service de la voirie", "مصلحة الطرق"],
        ["proprete", "Service de la propreté urbaine", "مصلحة النظافة الحضرية"],
        ["Bad Code", "Service mal codé", "مصلحة"],
        ["parcs", "Parcs encore", "حدائق"],
        ["marches", "", ""],
        ["abattoir", LongName, "مجزرة"],
    ];

    async Task<HttpClient> SefrouAdminAsync(string language = "fr") =>
        await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true), language);

    static byte[] Csv(string[][] rows, char separator = ',', bool bom = false) =>
        [.. bom ? Encoding.UTF8.GetPreamble() : [], .. Encoding.UTF8.GetBytes(string.Join("\r\n", rows.Select(r => string.Join(separator, r.Select(Quote)))) + "\r\n")];

    static string Quote(string cell) => cell.Contains(',') || cell.Contains(';') || cell.Contains('"') ? $"\"{cell.Replace("\"", "\"\"")}\"" : cell;

    static byte[] Xlsx(string[][] rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Feuil1");
        for (var r = 0; r < rows.Length; r++)
            for (var c = 0; c < rows[r].Length; c++)
                sheet.Cell(r + 1, c + 1).SetValue(rows[r][c]);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    // Uploads a sheet through the page's own form, as a browser without script does.
    static async Task<IDocument> PreviewAsync(HttpClient client, byte[] sheet, string kind = "", string fileName = "feuille.csv", string query = "")
    {
        var page = await client.GetPageAsync(Url + query);
        var action = page.QuerySelector("form#upload")!.GetAttribute("action")!;
        var response = await client.PostFormAsync(action, page, new Dictionary<string, string> { ["kind"] = kind }, [("sheet", fileName, sheet)]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ParseAsync();
    }

    static IElement Row(IDocument page, int number) => page.QuerySelector($"table.import-preview tr[data-row='{number}']")!;

    static string Outcome(IDocument page, int number) => Row(page, number).GetAttribute("data-outcome")!;

    static string Problem(IDocument page, int number, string column) =>
        Row(page, number).QuerySelector($"li[data-column='{column}']")?.TextContent ?? "";

    Task<Dictionary<string, (string Fr, string Ar)>> SefrouServicesAsync() => App.WithDbAsync(db => db.Services
        .Where(s => s.Commune!.Code == "sefrou").ToDictionaryAsync(s => s.Code, s => (s.NameFr, s.NameAr)));

    static void AssertServicePreview(IDocument page)
    {
        Assert.Equal("new", Outcome(page, 2));
        Assert.Equal("unchanged", Outcome(page, 3));
        Assert.Equal("update", Outcome(page, 4));
        Assert.Equal(["error"], new[] { 5, 6, 7, 8 }.Select(n => Outcome(page, n)).Distinct());
        Assert.StartsWith("Colonne « code » : Code invalide", Problem(page, 5, "code"));
        Assert.Equal("Colonne « code » : Ce code figure déjà à la ligne 2 de la feuille.", Problem(page, 6, "code"));
        Assert.Equal("Colonne « nameFr » : Le nom est obligatoire.", Problem(page, 7, "nameFr"));
        Assert.Equal("Colonne « nameAr » : Le nom est obligatoire.", Problem(page, 7, "nameAr"));
        Assert.Equal("Colonne « nameFr » : Ce nom est trop long : 200 caractères au plus.", Problem(page, 8, "nameFr"));
        Assert.Empty(Row(page, 8).QuerySelectorAll("li[data-column='nameAr']"));
        Assert.Equal("1 nouveaux, 1 mis à jour, 1 inchangés, 4 en erreur.", page.QuerySelector("#preview .counts")!.TextContent);
        Assert.Equal("Importer 2 ligne(s)", page.QuerySelector("form#confirm button")!.TextContent);
    }

    async Task AssertServicesWrittenAsync(HttpClient client, IDocument preview, Dictionary<string, (string Fr, string Ar)> before)
    {
        var confirmed = await client.SubmitAsync(preview, "form#confirm");
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var done = await client.GetPageAsync(confirmed.Headers.Location!.OriginalString);
        Assert.Equal("Import terminé : 1 créés, 1 mis à jour, 1 inchangés, 4 lignes ignorées.", done.QuerySelector(".notice[role=status]")!.TextContent);

        var after = await SefrouServicesAsync();
        Assert.Equal(before.Count + 1, after.Count);
        Assert.Equal(("Service des parcs", "مصلحة الحدائق"), after["parcs"]);
        Assert.Equal(("Service de la propreté urbaine", "مصلحة النظافة الحضرية"), after["proprete"]);
        Assert.Equal(before["voirie"], after["voirie"]);
        Assert.DoesNotContain("marches", after.Keys);
        Assert.DoesNotContain("abattoir", after.Keys);
        var audit = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditActions.SheetImported).ToListAsync());
        Assert.Equal("services: 1 new, 1 updated, 1 unchanged, 4 skipped", Assert.Single(audit).Details);
    }

    [Fact]
    public async Task A_csv_sheet_is_previewed_row_by_row_without_writing_and_confirming_writes_exactly_its_good_rows()
    {
        var client = await SefrouAdminAsync();
        var before = await SefrouServicesAsync();
        var menu = await client.GetPageAsync("/staff");
        Assert.NotNull(menu.QuerySelector($"nav a[href='{Url}']"));

        var preview = await PreviewAsync(client, Csv(ServiceSheet), kind: "services");
        AssertServicePreview(preview);
        Assert.Equal(before, await SefrouServicesAsync());
        Assert.Equal(0, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.SheetImported)));

        await AssertServicesWrittenAsync(client, preview, before);
    }

    [Fact]
    public async Task An_xlsx_sheet_imports_the_same_whatever_its_file_is_called()
    {
        var client = await SefrouAdminAsync();
        var before = await SefrouServicesAsync();
        var preview = await PreviewAsync(client, Xlsx(ServiceSheet), kind: "services", fileName: "services.csv");
        AssertServicePreview(preview);
        Assert.Equal(before, await SefrouServicesAsync());
        await AssertServicesWrittenAsync(client, preview, before);
    }

    [Fact]
    public async Task A_file_that_is_no_sheet_is_refused_and_the_blank_templates_name_each_kinds_columns()
    {
        var client = await SefrouAdminAsync();
        var refused = await PreviewAsync(client, Samples.Jpeg, fileName: "services.xlsx");
        Assert.Contains("ni un classeur Excel (.xlsx) ni un CSV en UTF-8", refused.FieldError("sheet"));
        Assert.Null(refused.QuerySelector("#preview"));

        // A zip that is not a workbook is no sheet either, nor a damaged one.
        using (var packed = new MemoryStream())
        {
            using (var zip = new System.IO.Compression.ZipArchive(packed, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            using (var entry = new StreamWriter(zip.CreateEntry("services.txt").Open()))
                entry.Write("code,nameFr,nameAr");
            var notWorkbook = await PreviewAsync(client, packed.ToArray(), fileName: "services.xlsx");
            Assert.Contains("ni un classeur Excel (.xlsx)", notWorkbook.FieldError("sheet"));
        }
        var damaged = await PreviewAsync(client, Xlsx(ServiceSheet)[..500], fileName: "services.xlsx");
        Assert.Contains("ni un classeur Excel (.xlsx)", damaged.FieldError("sheet"));

        var wrongColumns = await PreviewAsync(client, Csv([["code", "nom"], ["parcs", "Parcs"]]), kind: "services");
        Assert.Equal("Feuille (.csv ou .xlsx) : Colonnes manquantes dans la ligne d'en-tête : nameFr, nameAr.", wrongColumns.FieldError("sheet"));

        // Services and districts share their columns: such a sheet must say which it is.
        var undetected = await PreviewAsync(client, Csv(ServiceSheet));
        Assert.Contains("choisissez-le", undetected.FieldError("kind"));

        var template = await client.GetAsync(Url + "?handler=Template&kind=categories");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        var blank = await template.Content.ReadAsByteArrayAsync();
        Assert.Equal("\uFEFFcode;nameFr;nameAr;service;descriptionFr;descriptionAr\r\n", Encoding.UTF8.GetString(blank));
        // Filled in and sent back as it is, it is read as a category sheet.
        var filled = await PreviewAsync(client, [.. blank, .. Encoding.UTF8.GetBytes("souk;Souks;الأسواق;voirie;;\r\n")]);
        Assert.Equal("new", Outcome(filled, 2));
    }

    // The workbook of a sheet with its parts changed or added, as an attacker repacks it.
    static byte[] Repacked(byte[] workbook, Action<System.IO.Compression.ZipArchive> change)
    {
        using var packed = new MemoryStream();
        packed.Write(workbook);
        using (var zip = new System.IO.Compression.ZipArchive(packed, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
            change(zip);
        return packed.ToArray();
    }

    static void AddPart(System.IO.Compression.ZipArchive zip, string name, byte[] content)
    {
        using var part = zip.CreateEntry(name, System.IO.Compression.CompressionLevel.SmallestSize).Open();
        part.Write(content);
    }

    [Fact]
    public async Task A_workbook_that_unpacks_to_far_more_than_a_sheet_is_refused_before_it_is_read()
    {
        var before = await SefrouServicesAsync();
        // 60 MB of zeros as a worksheet part pack into well under the 2 MB an upload may weigh.
        var bomb = Repacked(Xlsx(ServiceSheet), zip => AddPart(zip, "xl/worksheets/sheet2.xml", new byte[60 * 1024 * 1024]));
        Assert.True(bomb.Length < 200 * 1024);
        var manyParts = Repacked(Xlsx(ServiceSheet), zip =>
        {
            for (var i = 0; i < SheetReader.MaxEntries; i++)
                AddPart(zip, $"customXml/item{i}.xml", [0x3C, 0x61, 0x2F, 0x3E]);
        });

        var french = await SefrouAdminAsync();
        var refused = await PreviewAsync(french, bomb, kind: "services", fileName: "services.xlsx");
        Assert.Equal("Feuille (.csv ou .xlsx) : Ce classeur est anormalement volumineux une fois décompressé : enregistrez de nouveau la feuille depuis Excel, ou en CSV UTF-8.",
            refused.FieldError("sheet"));
        Assert.Null(refused.QuerySelector("#preview"));
        var tooMany = await PreviewAsync(french, manyParts, kind: "services", fileName: "services.xlsx");
        Assert.Contains("anormalement volumineux", tooMany.FieldError("sheet"));
        Assert.Null(tooMany.QuerySelector("#preview"));

        var arabic = await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true), "ar");
        var refusedAr = await PreviewAsync(arabic, bomb, kind: "services", fileName: "services.xlsx");
        Assert.Contains("هذا المصنف كبير بشكل غير عادي بعد فك ضغطه", refusedAr.FieldError("sheet"));
        Assert.Equal(before, await SefrouServicesAsync());
        // The same sheet, packed as Excel packs it, is read.
        Assert.Equal("new", Outcome(await PreviewAsync(french, Xlsx(ServiceSheet), kind: "services", fileName: "services.xlsx"), 2));
    }

    [Fact]
    public async Task A_workbook_whose_xml_declares_an_external_entity_never_shows_the_file_it_names()
    {
        var client = await SefrouAdminAsync();
        const string Doctype = """<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>""";
        // The entity is declared in every XML part that holds the sheet's text, and used in place of a service's name.
        var hostile = Repacked(Xlsx(ServiceSheet), zip =>
        {
            foreach (var entry in zip.Entries.Where(e => e.FullName is "xl/sharedStrings.xml" || e.FullName.StartsWith("xl/worksheets/")).ToList())
            {
                string xml;
                using (var reader = new StreamReader(entry.Open()))
                    xml = reader.ReadToEnd();
                var start = xml.StartsWith("<?xml") ? xml.IndexOf("?>", StringComparison.Ordinal) + 2 : 0;
                xml = xml[..start] + Doctype + xml[start..].Replace("Service des parcs", "&e;");
                var name = entry.FullName;
                entry.Delete();
                AddPart(zip, name, Encoding.UTF8.GetBytes(xml));
            }
        });
        Assert.True(File.Exists("/etc/passwd"));

        var page = await client.GetPageAsync(Url);
        var action = page.QuerySelector("form#upload")!.GetAttribute("action")!;
        var response = await client.PostFormAsync(action, page, new Dictionary<string, string> { ["kind"] = "services" }, [("sheet", "services.xlsx", hostile)]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("root:", body);
        Assert.DoesNotContain("/bin/", body);
        // Refused as no workbook at all: nothing of it is previewed.
        var refused = await response.ParseAsync();
        Assert.Contains("ni un classeur Excel (.xlsx)", refused.FieldError("sheet"));
        Assert.Null(refused.QuerySelector("#preview"));
    }

    [Fact]
    public async Task A_semicolon_csv_with_a_byte_order_mark_and_arabic_names_is_read_right_to_left()
    {
        var client = await SefrouAdminAsync("ar");
        string[][] districts =
        [
            ["code", "nameFr", "nameAr"],
            ["bab-ftouh", "Bab Ftouh; quartier", "باب فتوح"],
            ["d1", "Nouveau nom", "اسم جديد"],
            ["", "Sans code", "بدون رمز"],
        ];
        var preview = await PreviewAsync(client, Csv(districts, ';', bom: true), kind: "districts");
        Assert.Equal("rtl", preview.DocumentElement.GetAttribute("dir"));
        var cells = Row(preview, 2).QuerySelectorAll("td").Select(td => td.TextContent).ToList();
        Assert.Contains("bab-ftouh", cells);
        Assert.Contains("Bab Ftouh; quartier", cells);
        Assert.Contains("باب فتوح", cells);
        Assert.Equal("new", Outcome(preview, 2));
        Assert.Equal("update", Outcome(preview, 3));
        Assert.Equal("العمود «code»: الرمز إلزامي.", Problem(preview, 4, "code"));

        var confirmed = await client.SubmitAsync(preview, "form#confirm");
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var written = await App.WithDbAsync(db => db.Districts.Where(d => d.Commune!.Code == "sefrou" && (d.Code == "bab-ftouh" || d.Code == "d1"))
            .OrderBy(d => d.Code).Select(d => new { d.Code, d.NameFr, d.NameAr }).ToListAsync());
        Assert.Equal([new { Code = "bab-ftouh", NameFr = "Bab Ftouh; quartier", NameAr = "باب فتوح" }, new { Code = "d1", NameFr = "Nouveau nom", NameAr = "اسم جديد" }], written);
    }

    [Fact]
    public async Task A_category_names_a_service_imported_by_an_earlier_sheet_and_never_an_unknown_or_inactive_one()
    {
        var client = await SefrouAdminAsync();
        await App.WithDbAsync(db => db.Services.Where(s => s.Commune!.Code == "sefrou" && s.Code == "urbanisme").ExecuteUpdateAsync(s => s.SetProperty(x => x.Active, false)));
        var services = await PreviewAsync(client, Csv([["code", "nameFr", "nameAr"], ["marches", "Service des marchés", "مصلحة الأسواق"]]), kind: "services");
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(services, "form#confirm")).StatusCode);

        string[][] categories =
        [
            ["code", "nameFr", "nameAr", "service", "descriptionFr", "descriptionAr"],
            ["souk", "Marchés et souks", "الأسواق", "marches", "Étals, hygiène, horaires.", "المحلات، النظافة، المواعيد."],
            ["chantier", "Chantiers", "الأوراش", "urbanisme", "", ""],
            ["taxi", "Taxis", "سيارات الأجرة", "transport", "", ""],
            ["voirie", "Voirie et trottoirs", "الطرق والأرصفة", "", "", ""],
        ];
        var preview = await PreviewAsync(client, Csv(categories));
        Assert.Contains("Catégories", preview.QuerySelector("#preview h2")!.TextContent);
        Assert.Equal("new", Outcome(preview, 2));
        Assert.Equal("Colonne « service » : Ce service est désactivé.", Problem(preview, 3, "service"));
        Assert.Equal("Colonne « service » : Ce service n'existe pas dans cette commune.", Problem(preview, 4, "service"));
        Assert.Equal("Colonne « service » : Indiquez le code d'un service de la commune.", Problem(preview, 5, "service"));

        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(preview, "form#confirm")).StatusCode);
        var souk = await App.WithDbAsync(db => db.Categories.Include(c => c.DefaultService).SingleAsync(c => c.Commune!.Code == "sefrou" && c.Code == "souk"));
        Assert.Equal(("marches", "Étals, hygiène, horaires.", "المحلات، النظافة، المواعيد."), (souk.DefaultService!.Code, souk.DescriptionFr, souk.DescriptionAr));
        Assert.False(await App.WithDbAsync(db => db.Categories.AnyAsync(c => c.Code == "chantier" || c.Code == "taxi")));
    }

    [Fact]
    public async Task A_tampered_or_expired_confirmation_is_refused_and_writes_nothing()
    {
        var client = await SefrouAdminAsync();
        var before = await SefrouServicesAsync();
        var preview = await PreviewAsync(client, Csv(ServiceSheet), kind: "services");
        var ticket = preview.QuerySelector("form#confirm input[name=ticket]")!.GetAttribute("value")!;
        var tampered = ticket[..20] + (ticket[20] == 'A' ? 'B' : 'A') + ticket[21..];

        var refused = await (await client.SubmitAsync(preview, "form#confirm", new Dictionary<string, string> { ["ticket"] = tampered })).ParseAsync();
        Assert.Equal("Feuille (.csv ou .xlsx) : Cet aperçu ne peut pas être confirmé : envoyez de nouveau la feuille.", refused.FieldError("sheet"));

        App.Clock.Advance(TimeSpan.FromMinutes(31));
        var expired = await (await client.SubmitAsync(preview, "form#confirm")).ParseAsync();
        Assert.Contains("plus de 30 minutes", expired.FieldError("sheet"));

        Assert.Equal(before, await SefrouServicesAsync());
        Assert.Equal(0, await App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.SheetImported)));
    }

    [Fact]
    public async Task Another_commune_cannot_be_targeted_nor_its_confirmation_replayed()
    {
        var kenitra = await App.StaffBrowserAsync(await App.CreateAsync(Roles.CommuneAdmin, "kenitra", twoFactor: true));
        Assert.StartsWith("/staff/denied", (await kenitra.GetAsync(Url + "?commune=sefrou")).Target());
        var page = await kenitra.GetPageAsync(Url);
        var forged = await kenitra.PostFormAsync(Url + "?commune=sefrou&handler=Preview", page, new Dictionary<string, string> { ["kind"] = "services" },
            [("sheet", "s.csv", Csv(ServiceSheet))]);
        Assert.StartsWith("/staff/denied", forged.Target());

        // A sefrou administrator's confirmation, posted by kenitra's, is no confirmation.
        var sefrou = await SefrouAdminAsync();
        var preview = await PreviewAsync(sefrou, Csv(ServiceSheet), kind: "services");
        var ticket = preview.QuerySelector("form#confirm input[name=ticket]")!.GetAttribute("value")!;
        var replayed = await (await kenitra.PostFormAsync(Url + "?handler=Confirm", page, new Dictionary<string, string> { ["ticket"] = ticket })).ParseAsync();
        Assert.Contains("ne peut pas être confirmé", replayed.FieldError("sheet"));
        Assert.False(await App.WithDbAsync(db => db.Services.AnyAsync(s => s.Code == "parcs")));
    }

    [Fact]
    public async Task A_platform_administrator_picks_the_commune_and_a_cell_member_is_denied()
    {
        var platform = await App.StaffBrowserAsync(await App.PlatformAdminAsync());
        var picker = await platform.GetPageAsync(Url);
        Assert.NotNull(picker.QuerySelector("select#commune option[value=kenitra]"));
        Assert.Null(picker.QuerySelector("form#upload"));
        var preview = await PreviewAsync(platform, Csv([["code", "nameFr", "nameAr"], ["parcs", "Parcs", "الحدائق"]]), kind: "services", query: "?commune=kenitra");
        Assert.Equal(HttpStatusCode.Redirect, (await platform.SubmitAsync(preview, "form#confirm")).StatusCode);
        Assert.Equal(["kenitra"], await App.WithDbAsync(db => db.Services.Where(s => s.Code == "parcs").Select(s => s.Commune!.Code).ToListAsync()));

        var cell = await App.StaffBrowserAsync(await App.CreateAsync(Roles.ComplaintsCell, "sefrou"));
        Assert.StartsWith("/staff/denied", (await cell.GetAsync(Url)).Target());
        var anyForm = await cell.GetPageAsync("/staff/account");
        Assert.StartsWith("/staff/denied", (await cell.PostFormAsync(Url + "?handler=Preview", anyForm, new Dictionary<string, string>(),
            [("sheet", "s.csv", Csv(ServiceSheet))])).Target());
        Assert.Null((await cell.GetPageAsync("/staff")).QuerySelector($"nav a[href='{Url}']"));
    }

    [Fact]
    public async Task Staff_rows_name_each_bad_field_and_confirming_invites_the_good_ones_with_their_roles()
    {
        var admin = await App.CreateAsync(Roles.CommuneAdmin, "sefrou", twoFactor: true);
        var client = await App.StaffBrowserAsync(admin);
        await App.WithDbAsync(db => db.Services.Where(s => s.Commune!.Code == "sefrou" && s.Code == "urbanisme").ExecuteUpdateAsync(s => s.SetProperty(x => x.Active, false)));
        string[][] staff =
        [
            ["email", "role", "service", "displayName"],
            ["agent.voirie@sefrou.example", "service-agent", "voirie", "Fatima Zahra"],
            ["cellule@sefrou.example", "complaints-cell", "", ""],
            ["pas-une-adresse", "observer", "", ""],
            [admin.Email, "observer", "", ""],
            ["chef@sefrou.example", "chef", "", ""],
            ["root@sefrou.example", "platform-admin", "", ""],
            ["agent2@sefrou.example", "service-agent", "", ""],
            ["agent3@sefrou.example", "service-agent", "urbanisme", ""],
            ["CELLULE@sefrou.example", "observer", "", ""],
        ];
        var preview = await PreviewAsync(client, Xlsx(staff));
        Assert.Contains("Personnel", preview.QuerySelector("#preview h2")!.TextContent);
        Assert.Equal("new", Outcome(preview, 2));
        Assert.Equal("new", Outcome(preview, 3));
        Assert.Equal("Colonne « email » : Cette adresse e-mail n'est pas valide (exemple : nom@exemple.ma).", Problem(preview, 4, "email"));
        Assert.Equal("Colonne « email » : Un compte existe déjà avec cette adresse e-mail.", Problem(preview, 5, "email"));
        Assert.StartsWith("Colonne « role » : Rôle inconnu", Problem(preview, 6, "role"));
        Assert.Equal("Colonne « role » : Vous ne pouvez pas attribuer un rôle supérieur au vôtre.", Problem(preview, 7, "role"));
        Assert.Equal("Colonne « service » : Un agent de service doit être rattaché à un service : indiquez son code.", Problem(preview, 8, "service"));
        Assert.Equal("Colonne « service » : Ce service est désactivé.", Problem(preview, 9, "service"));
        Assert.Equal("Colonne « email » : Cette adresse figure déjà à la ligne 3 de la feuille.", Problem(preview, 10, "email"));
        Assert.False(await App.WithDbAsync(db => db.Users.AnyAsync(u => u.Email!.EndsWith("@sefrou.example"))));

        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(preview, "form#confirm")).StatusCode);
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var agent = await users.FindByEmailAsync("agent.voirie@sefrou.example");
        Assert.NotNull(agent);
        Assert.Equal(["service-agent"], await users.GetRolesAsync(agent));
        Assert.Equal("Fatima Zahra", agent.DisplayName);
        Assert.Equal(["complaints-cell"], await users.GetRolesAsync((await users.FindByEmailAsync("cellule@sefrou.example"))!));
        Assert.Equal(2, await App.WithDbAsync(db => db.Users.CountAsync(u => u.Email!.EndsWith("@sefrou.example"))));
    }

    public sealed class OnSqlite() : ImportPagesTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : ImportPagesTests(DatabaseKind.Postgres);
}
