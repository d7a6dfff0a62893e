using Complaints.Web.Audit;
using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Responses;
using Complaints.Web.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Complaints.Web.Pages.Staff;

// One complaint as staff see it: what was filed, who filed it (for those allowed), the deadlines,
// the whole timeline, and one form per move the reader may make now. Every move goes through
// ComplaintActions with the version the reader saw.
public class ComplaintModel(ComplaintActions actions, AppDbContext db, AuditLog audit, CitizenLetters letters,
    Inbox inbox, IStringLocalizer<SharedResource> l) : PageModel
{
    public const string DoneKey = "StaffDone";

    public StaffScope Scope { get; private set; } = null!;
    public Complaint Complaint { get; private set; } = null!;
    public IReadOnlyList<Move> Moves { get; private set; } = [];
    public Dictionary<int, Service> Services { get; private set; } = [];
    public List<Category> Categories { get; private set; } = [];
    public List<Service> OfferedServices { get; private set; } = [];
    public List<ResponseTemplate> AnswerTemplates { get; private set; } = [];
    public List<ResponseTemplate> QuestionTemplates { get; private set; } = [];
    public List<TemplateChoice> AnswerChoices { get; private set; } = [];
    public List<TemplateChoice> QuestionChoices { get; private set; } = [];
    public DateOnly Today => inbox.Today;
    // The rules the complaint's category now counts with (its own or the commune's).
    public Deadlines.DeadlineRules Rules => Complaint.Category!.RulesWithin(Complaint.Commune!);
    public string? Confirmation { get; private set; }
    // Set when a move was refused: the page says why and keeps what was typed.
    public string? Refusal { get; private set; }

    [BindProperty]
    public MoveInput Input { get; set; } = new();

    // Which form was posted: its text is the reader's and is never replaced by a suggestion.
    public string? PostedForm { get; private set; }

    // Whether the reader is shown who complained (the complainant card) and whether they are shown any of the
    // complainant's data at all (written down in the audit): StaffScope.Sees is the one rule.
    public bool ShowsWho => (Scope.PersonalFields & PersonalField.Contact) != PersonalField.None && HasContact(Complaint);
    public bool ShowsPersonalData => ShowsWho
        || Scope.Sees(PersonalField.Address) && (Complaint.Address is not null || Complaint.Latitude is not null)
        || Scope.Sees(PersonalField.Attachments) && Complaint.Attachments.Count > 0;
    public bool MayRespond => Scope.May(Move.Respond) && (Moves.Contains(Move.Respond) || Moves.Contains(Move.Answer));
    // Services draft; the cell sends (décret 2-17-265): the cell's own text goes straight to the citizen.
    public bool MayPropose => Scope.IsServiceAgent && Moves.Contains(Move.Propose);

    public async Task<IActionResult> OnGetAsync(string reference, CancellationToken ct)
    {
        if (!await LoadAsync(reference, ct))
            return NotFound();
        Confirmation = TempData[DoneKey] as string;
        return Page();
    }

    public async Task<IActionResult> OnGetAttachmentAsync(string reference, long id, CancellationToken ct)
    {
        var (file, refused) = await actions.OpenAttachmentAsync(CurrentScope(), reference, id, ct);
        if (file is null)
            return refused is MoveResult.Forbidden ? StatusCode(StatusCodes.Status403Forbidden) : NotFound();
        return File(file.Content, file.ContentType, file.FileName);
    }

    public Task<IActionResult> OnPostQualifyAsync(string reference, CancellationToken ct) =>
        ActAsync(reference, "qualify", "staff.done.qualify",
            s => actions.QualifyAsync(s, reference, Input.Version, true, Input.QualifyCategory, null, null, ct),
            ("category", "Input.QualifyCategory", "staff.field.category"));

    public Task<IActionResult> OnPostRejectAsync(string reference, CancellationToken ct) =>
        ActAsync(reference, "reject", "staff.done.reject",
            s => actions.QualifyAsync(s, reference, Input.Version, false, null, Input.Reason, Input.Letter, ct),
            ("reason", "Input.Reason", "staff.field.reason"), ("letter", "Input.Letter", "staff.field.letter"));

    // Writes the standard letter for the chosen reason into the form, in the citizen's language; applies nothing.
    public async Task<IActionResult> OnPostLetterAsync(string reference, CancellationToken ct)
    {
        if (!await LoadAsync(reference, ct))
            return NotFound();
        if (RejectionReasons.TryParse(Input.Reason, out var why))
            Input.Letter = letters.Rejection(Complaint, why);
        else
            AddError("Input.Reason", "staff.field.reason", "error.reason.required");
        return Page();
    }

    public Task<IActionResult> OnPostRecategorizeAsync(string reference, CancellationToken ct) =>
        ActAsync(reference, "recategorize", "staff.done.recategorize",
            s => actions.RecategorizeAsync(s, reference, Input.Version, Input.Category, ct),
            ("category", "Input.Category", "staff.field.category"));

    public Task<IActionResult> OnPostAssignAsync(string reference, CancellationToken ct) =>
        ActAsync(reference, "assign", "staff.done.assign",
            s => actions.AssignAsync(s, reference, Input.Version, Input.Service, Input.Instructions, ct),
            ("service", "Input.Service", "staff.field.service"), ("instructions", "Input.Instructions", "staff.field.instructions"));

    public Task<IActionResult> OnPostStartAsync(string reference, CancellationToken ct) =>
        ActAsync(reference, "start", "staff.done.start", s => actions.StartAsync(s, reference, Input.Version, ct));

    public Task<IActionResult> OnPostNoteAsync(string reference, CancellationToken ct) =>
        ActAsync(reference, "note", "staff.done.note",
            s => actions.NoteAsync(s, reference, Input.Version, Input.Note, ct),
            ("text", "Input.Note", "staff.field.note"));

    public Task<IActionResult> OnPostQuestionAsync(string reference, CancellationToken ct) =>
        ActAsync(reference, "question", "staff.done.question",
            s => actions.RequestInformationAsync(s, reference, Input.Version, Input.Question, ct),
            ("text", "Input.Question", "staff.field.question"));

    public Task<IActionResult> OnPostProposeAsync(string reference, CancellationToken ct) =>
        ActAsync(reference, "proposal", "staff.done.propose",
            s => actions.ProposeAsync(s, reference, Input.Version, Input.Proposal, Input.ProposalDefinitive, ct),
            ("text", "Input.Proposal", "staff.field.proposal"));

    public Task<IActionResult> OnPostRespondAsync(string reference, CancellationToken ct) =>
        ActAsync(reference, "response", Input.Definitive ? "staff.done.answer" : "staff.done.respond",
            s => actions.RespondAsync(s, reference, Input.Version, Input.Response, Input.Definitive, ct),
            ("text", "Input.Response", "staff.field.response"));

    public Task<IActionResult> OnPostCloseAsync(string reference, CancellationToken ct) =>
        ActAsync(reference, "close", "staff.done.close",
            s => actions.CloseAsync(s, reference, Input.Version, Input.CloseReason, ct),
            ("reason", "Input.CloseReason", "staff.field.close"));

    public Task<IActionResult> OnPostReopenAsync(string reference, CancellationToken ct) =>
        ActAsync(reference, "reopen", "staff.done.reopen",
            s => actions.ReopenAsync(s, reference, Input.Version, Input.ReopenReason, ct),
            ("reason", "Input.ReopenReason", "staff.field.reopen"));

    public Task<IActionResult> OnPostContactAsync(string reference, CancellationToken ct) =>
        ActAsync(reference, "contact", "staff.done.contact",
            s => actions.CorrectContactAsync(s, reference, Input.Version, new Complainant
            {
                FirstName = Clean(Input.FirstName), LastName = Clean(Input.LastName), Email = Clean(Input.Email), Phone = Clean(Input.Phone),
            }, ct),
            ("email", "Input.Email", "file.email"), ("phone", "Input.Phone", "file.phone"));

    static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // Staff add a scanned letter or a photo of the repair; the form works without script.
    public Task<IActionResult> OnPostAttachAsync(string reference, CancellationToken ct) =>
        ActAsync(reference, "attach", "staff.done.attach",
            async s => (await actions.AttachAsync(s, reference, Input.Version,
                [.. Request.Form.Files.Where(f => f.Name == "document").Select(f => new Upload(f.FileName, f.Length, f.OpenReadStream))], ct)).Result,
            ("file", "document", "staff.field.document"));

    // Fills the chosen ready answer into the form it was picked from; applies nothing.
    public async Task<IActionResult> OnPostTemplateAsync(string reference, CancellationToken ct)
    {
        if (!await LoadAsync(reference, ct))
            return NotFound();
        var offered = Input.TemplateFor == "question" ? QuestionTemplates : AnswerTemplates;
        var template = offered.SingleOrDefault(t => t.Id == Input.Template);
        if (template is null)
        {
            AddError("Input.Template", "staff.field.template", "staff.template.required");
            return Page();
        }
        var text = TemplateFiller.Fill(template.Body, Complaint, template.Language);
        switch (Input.TemplateFor)
        {
            case "question": Input.Question = text; break;
            case "proposal": Input.Proposal = text; break;
            default: Input.Response = text; break;
        }
        return Page();
    }

    async Task<IActionResult> ActAsync(string reference, string form, string doneKey, Func<StaffScope, Task<MoveResult>> move,
        params (string Field, string Input, string Label)[] fields)
    {
        var ct = HttpContext.RequestAborted;
        var result = await move(CurrentScope());
        switch (result)
        {
            case MoveResult.Done done:
                TempData[DoneKey] = l[doneKey].Value;
                return Redirect($"/staff/complaints/{done.Complaint.Reference}");
            case MoveResult.NotFound:
                return NotFound();
            case MoveResult.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
        }
        // Refused: show the complaint as it now is, with the reader's text still in its form.
        db.ChangeTracker.Clear();
        PostedForm = form;
        if (!await LoadAsync(reference, ct))
            return NotFound();
        switch (result)
        {
            case MoveResult.Invalid invalid:
                foreach (var (field, key) in invalid.Errors)
                {
                    var (_, input, label) = fields.FirstOrDefault(f => f.Field == field);
                    AddError(input ?? $"Input.{field}", label ?? "staff.field.value", key);
                }
                break;
            case MoveResult.Stale:
                Refusal = l["staff.stale"];
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
            case MoveResult.Illegal illegal:
                Refusal = string.Format(l["staff.illegal"], MoveName(illegal.Move), l[$"status.{illegal.Status.Wire()}"],
                    illegal.Allowed.Count == 0 ? l["staff.illegal.none"] : string.Join(", ", illegal.Allowed.Select(MoveName)));
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
        }
        return Page();
    }

    public string MoveName(Move move) => l[$"staff.move.{move.ToString().ToLowerInvariant()}"];

    void AddError(string input, string label, string key) =>
        ModelState.AddModelError(input, string.Format(l["staff.error.field"], l[label], l[key]));

    StaffScope CurrentScope() =>
        StaffScope.From(User) ?? throw new InvalidOperationException("The staff policy let an unscoped user through.");

    async Task<bool> LoadAsync(string reference, CancellationToken ct)
    {
        Scope = CurrentScope();
        var complaint = await actions.FindAsync(Scope, reference, ct);
        if (complaint is null)
            return false;
        Complaint = complaint;
        Moves = Scope.MovesOn(complaint);
        Services = await db.Services.AsNoTracking().Where(s => s.CommuneId == complaint.CommuneId).ToDictionaryAsync(s => s.Id, ct);
        var lang = Hosting.Localization.Current;
        // Routing and recategorising offer only what the commune still uses; the timeline names the others.
        OfferedServices = Services.Values.Where(s => s.Active).InOrder(lang);
        Categories = (await db.Categories.AsNoTracking().Where(c => c.CommuneId == complaint.CommuneId && c.Active).ToListAsync(ct)).InOrder(lang);
        var templates = await db.ResponseTemplates.AsNoTracking()
            .Where(t => t.CommuneId == complaint.CommuneId && (t.CategoryId == null || t.CategoryId == complaint.CategoryId) && t.Language == complaint.Language)
            .OrderBy(t => t.Id).ToListAsync(ct);
        AnswerTemplates = templates.Where(t => t.Purpose == TemplatePurpose.Answer).ToList();
        QuestionTemplates = templates.Where(t => t.Purpose == TemplatePurpose.InformationRequest).ToList();
        AnswerChoices = AnswerTemplates.Select(t => new TemplateChoice(t.Id, t.Name, TemplateFiller.Fill(t.Body, complaint, t.Language))).ToList();
        QuestionChoices = QuestionTemplates.Select(t => new TemplateChoice(t.Id, t.Name, TemplateFiller.Fill(t.Body, complaint, t.Language))).ToList();

        // The cell's answer starts from the service's latest proposal, if none was sent since.
        var proposal = complaint.LatestProposal;
        var lastSent = complaint.Timeline.Where(t => t.Kind is TimelineKind.Response or TimelineKind.Answer).Select(t => (DateTime?)t.At).Max();
        if (PostedForm != "response" && Input.Response is null && proposal is not null && (lastSent is null || proposal.At > lastSent))
        {
            Input.Response = proposal.Text;
            Input.Definitive = proposal.Definitive;
        }
        if (PostedForm != "reject" && Input.Letter is null && RejectionReasons.TryParse(Input.Reason, out var why))
            Input.Letter = letters.Rejection(complaint, why);

        // Loi 09-08: every time someone is shown who complained, it is written down.
        if (ShowsPersonalData)
            await audit.RecordNowAsync(Scope, AuditActions.ReadPersonalData, complaint.CommuneId, complaint.Id, "page");
        return true;
    }

    static bool HasContact(Complaint c) =>
        new[] { c.Complainant.FirstName, c.Complainant.LastName, c.Complainant.Email, c.Complainant.Phone }.Any(v => !string.IsNullOrWhiteSpace(v));

    public TemplatePicker Picker(string form, string target) =>
        new(form == "question" ? QuestionChoices : AnswerChoices, form, target, $"/staff/complaints/{Complaint.Reference}", Input.TemplateFor == form);

    public sealed class MoveInput
    {
        // The version the reader saw: a move on an older view is refused, never applied twice.
        public int? Version { get; set; }
        // The complainant's contact details as the cell corrects them.
        public string? FirstName { get; set; }
        public string? LastName { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string? QualifyCategory { get; set; }
        public string? Reason { get; set; }
        public string? Letter { get; set; }
        public string? Category { get; set; }
        public string? Service { get; set; }
        public string? Instructions { get; set; }
        public string? Note { get; set; }
        public string? Question { get; set; }
        public string? Proposal { get; set; }
        public bool ProposalDefinitive { get; set; }
        public string? Response { get; set; }
        public bool Definitive { get; set; }
        public string? CloseReason { get; set; }
        public string? ReopenReason { get; set; }
        public int? Template { get; set; }
        public string? TemplateFor { get; set; }
    }
}

public sealed record TemplateChoice(int Id, string Name, string Filled);

// The ready answers offered above one text box of the complaint screen.
public sealed record TemplatePicker(IReadOnlyList<TemplateChoice> Templates, string For, string TargetId, string Action, bool ShowsError);
