using Complaints.Web.Deadlines;
using Complaints.Web.Domain;

namespace Complaints.Tests.Domain;

public class ComplaintLifecycleTests
{
    // The life cycle as the tests expect it, written out independently of the code's table.
    // docs/life-cycle-and-roles.md: received → rejected | assigned → in_progress → answered → closed; reopened → assigned.
    // Beside the headline path: a service can be changed while the complaint is open, a
    // non-definitive response (from assigned or in_progress) leaves it in progress, an answer may
    // come straight from assigned, and a rejection, like an answer, can be closed or contested.
    static readonly Dictionary<ComplaintStatus, Move[]> Expected = new()
    {
        [ComplaintStatus.Received] = [Move.Reject, Move.Assign, Move.Recategorize, Move.RequestInformation],
        [ComplaintStatus.Rejected] = [Move.Close, Move.Reopen],
        [ComplaintStatus.Assigned] = [Move.Assign, Move.StartProgress, Move.Respond, Move.Answer, Move.Propose, Move.Recategorize, Move.RequestInformation],
        [ComplaintStatus.InProgress] = [Move.Assign, Move.Respond, Move.Answer, Move.Propose, Move.Recategorize, Move.RequestInformation],
        [ComplaintStatus.Answered] = [Move.Close, Move.Reopen],
        [ComplaintStatus.Closed] = [Move.Reopen],
        [ComplaintStatus.Reopened] = [Move.Assign, Move.Recategorize, Move.RequestInformation],
    };

    static readonly Dictionary<Move, ComplaintStatus> Lands = new()
    {
        [Move.Reject] = ComplaintStatus.Rejected,
        [Move.Assign] = ComplaintStatus.Assigned,
        [Move.StartProgress] = ComplaintStatus.InProgress,
        [Move.Respond] = ComplaintStatus.InProgress,
        [Move.Answer] = ComplaintStatus.Answered,
        [Move.Close] = ComplaintStatus.Closed,
        [Move.Reopen] = ComplaintStatus.Reopened,
    };

    static readonly Dictionary<Move, (TimelineKind Kind, string? Text)> Entry = new()
    {
        [Move.Reject] = (TimelineKind.Rejected, "Hors du ressort de la commune."),
        [Move.Assign] = (TimelineKind.Assigned, "Voirie"),
        [Move.StartProgress] = (TimelineKind.Started, null),
        [Move.Respond] = (TimelineKind.Response, "Une équipe passera cette semaine."),
        [Move.Answer] = (TimelineKind.Answer, "La chaussée a été réparée."),
        [Move.Close] = (TimelineKind.Closed, "Dossier clos."),
        [Move.Reopen] = (TimelineKind.Reopened, "Le trou est toujours là."),
        [Move.Recategorize] = (TimelineKind.Recategorized, "Propreté"),
        [Move.RequestInformation] = (TimelineKind.InformationRequested, "Quelle rue exactement ?"),
        [Move.Propose] = (TimelineKind.Proposal, "Réparation prévue lundi."),
    };

    // The shortest legal way from a fresh complaint to each status.
    static readonly Dictionary<ComplaintStatus, Move[]> PathTo = new()
    {
        [ComplaintStatus.Received] = [],
        [ComplaintStatus.Rejected] = [Move.Reject],
        [ComplaintStatus.Assigned] = [Move.Assign],
        [ComplaintStatus.InProgress] = [Move.Assign, Move.StartProgress],
        [ComplaintStatus.Answered] = [Move.Assign, Move.Answer],
        [ComplaintStatus.Closed] = [Move.Assign, Move.Answer, Move.Close],
        [ComplaintStatus.Reopened] = [Move.Assign, Move.Answer, Move.Reopen],
    };

    static readonly DateTime Start = new(2026, 4, 1, 8, 0, 0, DateTimeKind.Utc);
    static readonly DateTime Now = new(2026, 4, 20, 15, 30, 0, DateTimeKind.Utc);
    const string Actor = "agent@sefrou.ma";

    public static TheoryData<ComplaintStatus, Move> AllowedPairs()
    {
        var data = new TheoryData<ComplaintStatus, Move>();
        foreach (var status in Enum.GetValues<ComplaintStatus>())
            foreach (var move in Expected[status])
                data.Add(status, move);
        return data;
    }

    public static TheoryData<ComplaintStatus, Move> RefusedPairs()
    {
        var data = new TheoryData<ComplaintStatus, Move>();
        foreach (var status in Enum.GetValues<ComplaintStatus>())
            foreach (var move in Enum.GetValues<Move>().Except(Expected[status]))
                data.Add(status, move);
        return data;
    }

    public static TheoryData<ComplaintStatus> AllStatuses() => new(Enum.GetValues<ComplaintStatus>());

    static Complaint NewComplaint() => DomainFilings.File(Start.AddHours(-1));

    static Category Cleanliness() => new() { Id = 3, CommuneId = 1, Code = "proprete", NameFr = "Propreté", NameAr = "النظافة", DefaultServiceId = 7 };

    // Moves that record something without changing the status.
    static readonly Move[] Staying = [Move.Recategorize, Move.RequestInformation, Move.Propose];

    // Category corrections and proposals are internal; everything else reaches the citizen.
    static readonly Move[] Internal = [Move.Recategorize, Move.Propose];

    static ComplaintStatus LandsFrom(ComplaintStatus from, Move move) => Staying.Contains(move) ? from : Lands[move];

    static Service Roads() => new() { Id = 7, CommuneId = 1, Code = "ROADS", NameFr = "Voirie", NameAr = "الطرق" };

    // Each move returns the entry it wrote.
    static TimelineEntry? Play(Complaint complaint, Move move, string actor, DateTime at) => move switch
    {
        Move.Reject => complaint.Reject(RejectionReason.OutsideRemit, Entry[move].Text!, actor, at),
        Move.Assign => complaint.Assign(Roads(), null, actor, at),
        Move.StartProgress => complaint.StartProgress(actor, at),
        Move.Respond => complaint.Respond(Entry[move].Text!, definitive: false, actor, at),
        Move.Answer => complaint.Respond(Entry[move].Text!, definitive: true, actor, at),
        Move.Close => complaint.Close(Entry[move].Text!, actor, at),
        Move.Reopen => complaint.Reopen(Entry[move].Text!, actor, at, LegalClock.Default),
        Move.Recategorize => complaint.Recategorize(Cleanliness(), actor, at),
        Move.RequestInformation => complaint.RequestInformation(Entry[move].Text!, actor, at),
        Move.Propose => complaint.Propose(Entry[move].Text!, definitive: true, actor, at),
        _ => throw new ArgumentOutOfRangeException(nameof(move)),
    };

    static Complaint ComplaintIn(ComplaintStatus status)
    {
        var complaint = NewComplaint();
        var at = Start;
        foreach (var move in PathTo[status])
        {
            Play(complaint, move, "cell@sefrou.ma", at);
            at = at.AddHours(1);
        }
        Assert.Equal(status, complaint.Status);
        return complaint;
    }

    [Fact]
    public void The_code_table_is_the_life_cycle_of_the_contract()
    {
        Assert.Equal(Enum.GetValues<ComplaintStatus>().Order(), Expected.Keys.Order());
        foreach (var status in Enum.GetValues<ComplaintStatus>())
            Assert.Equal(Expected[status].Order(), Complaint.AllowedMovesFrom(status).Order());
    }

    [Fact]
    public void The_contract_path_can_be_walked_by_wire_names()
    {
        // docs/life-cycle-and-roles.md, edge by edge: (from, move, to) in wire names.
        (string From, Move Move, string To)[] edges =
        [
            ("received", Move.Reject, "rejected"),
            ("received", Move.Assign, "assigned"),
            ("assigned", Move.StartProgress, "in_progress"),
            ("in_progress", Move.Answer, "answered"),
            ("answered", Move.Close, "closed"),
            ("answered", Move.Reopen, "reopened"),
            ("reopened", Move.Assign, "assigned"),
        ];
        foreach (var (from, move, to) in edges)
        {
            var status = Enum.GetValues<ComplaintStatus>().Single(s => s.Wire() == from);
            var complaint = ComplaintIn(status);
            Play(complaint, move, Actor, Now);
            Assert.Equal(to, complaint.Status.Wire());
        }
    }

    [Fact]
    public void Every_status_is_reachable_from_received()
    {
        var reached = new HashSet<ComplaintStatus> { ComplaintStatus.Received };
        var queue = new Queue<ComplaintStatus>(reached);
        while (queue.TryDequeue(out var status))
            foreach (var move in Complaint.AllowedMovesFrom(status))
                if (reached.Add(LandsFrom(status, move)))
                    queue.Enqueue(LandsFrom(status, move));
        Assert.Equal(Enum.GetValues<ComplaintStatus>().Order(), reached.Order());
    }

    [Theory]
    [MemberData(nameof(AllowedPairs))]
    public void An_allowed_move_lands_in_its_status_with_its_timeline_entry(ComplaintStatus from, Move move)
    {
        var complaint = ComplaintIn(from);
        var before = complaint.Timeline.Count;

        var returned = Play(complaint, move, Actor, Now);

        Assert.Equal(LandsFrom(from, move), complaint.Status);
        var added = complaint.Timeline.Skip(before).ToList();
        Assert.Same(added[0], returned);
        // Asking the citizen also stops the legal clock, a second entry of its own.
        Assert.Equal(move == Move.RequestInformation ? [Entry[move].Kind, TimelineKind.ClockPaused] : new[] { Entry[move].Kind }, added.Select(t => t.Kind));
        var entry = added[0];
        Assert.Equal(Entry[move].Text, entry.Text);
        Assert.Equal(Actor, entry.Actor);
        Assert.Equal(Now, entry.At);
        Assert.Equal(!Internal.Contains(move), entry.VisibleToCitizen);
        Assert.Equal(Now, complaint.UpdatedAt);
    }

    [Theory]
    [MemberData(nameof(RefusedPairs))]
    public void A_refused_move_throws_naming_the_move_and_the_allowed_ones_and_changes_nothing(ComplaintStatus from, Move move)
    {
        var complaint = ComplaintIn(from);
        var timeline = complaint.Timeline.ToList();
        var updatedAt = complaint.UpdatedAt;

        var error = Assert.Throws<IllegalMoveException>(() => Play(complaint, move, Actor, Now));

        Assert.Equal(move, error.Move);
        Assert.Equal(from, error.From);
        Assert.Equal(Expected[from].Order(), error.AllowedMoves.Order());
        Assert.Equal(from, complaint.Status);
        Assert.Equal(timeline, complaint.Timeline);
        Assert.Equal(updatedAt, complaint.UpdatedAt);
    }

    [Fact]
    public void The_refusal_message_uses_wire_names()
    {
        var complaint = ComplaintIn(ComplaintStatus.Received);

        var error = Assert.Throws<IllegalMoveException>(() => complaint.Respond("Réglé.", definitive: true, Actor, Now));

        Assert.Equal("'answer' is not allowed from 'received'; allowed: reject, assign, recategorize, request_information.", error.Message);
    }

    [Fact]
    public void A_rejected_complaint_cannot_be_answered()
    {
        var complaint = ComplaintIn(ComplaintStatus.Rejected);

        var error = Assert.Throws<IllegalMoveException>(() => complaint.Respond("Réglé.", definitive: true, Actor, Now));

        Assert.Equal(Move.Answer, error.Move);
        Assert.Equal(ComplaintStatus.Rejected, complaint.Status);
    }

    [Fact]
    public void A_received_complaint_cannot_be_answered_before_going_to_a_service()
    {
        var complaint = ComplaintIn(ComplaintStatus.Received);

        Assert.Throws<IllegalMoveException>(() => complaint.Respond("Réglé.", definitive: true, Actor, Now));
        Assert.Throws<IllegalMoveException>(() => complaint.StartProgress(Actor, Now));
        Assert.Null(complaint.ServiceId);
    }

    [Fact]
    public void A_closed_complaint_can_only_be_reopened()
    {
        var complaint = ComplaintIn(ComplaintStatus.Closed);

        Assert.Throws<IllegalMoveException>(() => complaint.Close("Encore.", Actor, Now));
        Assert.Throws<IllegalMoveException>(() => complaint.Assign(Roads(), null, Actor, Now));
        complaint.Reopen("Toujours pas réparé.", Actor, Now, LegalClock.Default);
        Assert.Equal(ComplaintStatus.Reopened, complaint.Status);
    }

    [Theory]
    [InlineData(RejectionReason.NotInRequiredForm)]
    [InlineData(RejectionReason.BeforeCourtOrJudged)]
    [InlineData(RejectionReason.OutsideRemit)]
    [InlineData(RejectionReason.InsultingOrAbusive)]
    [InlineData(RejectionReason.Unclear)]
    public void Reject_records_the_reason_and_tells_the_citizen_why(RejectionReason reason)
    {
        var complaint = ComplaintIn(ComplaintStatus.Received);

        complaint.Reject(reason, "La demande relève de la province.", Actor, Now);

        Assert.Equal(ComplaintStatus.Rejected, complaint.Status);
        Assert.Equal(reason, complaint.RejectionReason);
        var entry = complaint.Timeline[^1];
        Assert.Equal(TimelineKind.Rejected, entry.Kind);
        Assert.Equal("La demande relève de la province.", entry.Text);
        Assert.True(entry.VisibleToCitizen);
    }

    [Fact]
    public void Closing_a_rejected_complaint_keeps_its_rejection_reason()
    {
        var complaint = ComplaintIn(ComplaintStatus.Rejected);

        complaint.Close("Dossier clos.", Actor, Now);

        Assert.Equal(RejectionReason.OutsideRemit, complaint.RejectionReason);
    }

    [Fact]
    public void A_contested_rejection_no_longer_stands_once_reopened()
    {
        var complaint = ComplaintIn(ComplaintStatus.Rejected);

        complaint.Reopen("La voirie est bien communale.", Actor, Now, LegalClock.Default);
        Assert.Null(complaint.RejectionReason);

        complaint.Assign(Roads(), null, Actor, Now);
        Assert.Equal(ComplaintStatus.Assigned, complaint.Status);
        Assert.Null(complaint.RejectionReason);
        // The rejection stays in the history.
        Assert.Contains(complaint.Timeline, e => e.Kind == TimelineKind.Rejected);
    }

    [Fact]
    public void A_filed_complaint_is_received_with_its_due_dates_its_reference_and_one_visible_entry()
    {
        var complaint = DomainFilings.File(Now, number: 42);

        Assert.Equal(ComplaintStatus.Received, complaint.Status);
        Assert.Null(complaint.RejectionReason);
        Assert.Null(complaint.ServiceId);
        Assert.Equal($"SEF-{LegalDeadlines.LocalDate(Now).Year}-000042", complaint.Reference);
        // The day of filing is not counted: 15 and 60 days from the next day.
        Assert.Equal(LegalDeadlines.LocalDate(Now).AddDays(15), complaint.TransmissionDueOn);
        Assert.Equal(LegalDeadlines.LocalDate(Now).AddDays(60), complaint.ResponseDueOn);
        var entry = Assert.Single(complaint.Timeline);
        Assert.Equal(TimelineKind.Filed, entry.Kind);
        Assert.Equal("citizen", entry.Actor);
        Assert.Equal(Now, entry.At);
        Assert.True(entry.VisibleToCitizen);
    }

    [Fact]
    public void Filing_refuses_a_category_of_another_commune()
    {
        var elsewhere = new Category { Id = 9, CommuneId = 2, Code = "voirie", NameFr = "Voirie", NameAr = "الطرق" };
        Assert.Throws<ArgumentException>(() => Complaint.File(DomainFilings.Sefrou, elsewhere, null,
            new Submission(ComplaintKind.Complaint, Channel.Web, "x", null, null, null, new Complainant(), false, "fr"), "x", "citizen", Now, LegalClock.Default));
    }

    [Fact]
    public void Assign_sets_the_service_and_keeps_its_instructions_internal()
    {
        var complaint = ComplaintIn(ComplaintStatus.Received);
        var roads = Roads();

        complaint.Assign(roads, "Voir avec le chef de district.", Actor, Now);

        Assert.Equal(ComplaintStatus.Assigned, complaint.Status);
        Assert.Equal(7, complaint.ServiceId);
        Assert.Same(roads, complaint.Service);
        Assert.Collection(complaint.Timeline.Skip(1),
            assigned =>
            {
                Assert.Equal(TimelineKind.Assigned, assigned.Kind);
                Assert.Equal("Voirie", assigned.Text);
                Assert.True(assigned.VisibleToCitizen);
            },
            instructions =>
            {
                Assert.Equal(TimelineKind.Instructions, instructions.Kind);
                Assert.Equal("Voir avec le chef de district.", instructions.Text);
                Assert.Equal(Actor, instructions.Actor);
                Assert.Equal(Now, instructions.At);
                Assert.False(instructions.VisibleToCitizen);
            });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Assign_without_instructions_writes_no_instructions_entry(string? instructions)
    {
        var complaint = ComplaintIn(ComplaintStatus.Received);

        complaint.Assign(Roads(), instructions, Actor, Now);

        Assert.Equal(TimelineKind.Assigned, Assert.Single(complaint.Timeline.Skip(1)).Kind);
    }

    [Fact]
    public void Reassigning_an_open_complaint_moves_it_to_the_new_service()
    {
        var complaint = ComplaintIn(ComplaintStatus.InProgress);
        var lighting = new Service { Id = 9, CommuneId = 1, Code = "LIGHT", NameFr = "Éclairage", NameAr = "الإنارة" };

        complaint.Assign(lighting, null, Actor, Now);

        Assert.Equal(ComplaintStatus.Assigned, complaint.Status);
        Assert.Equal(9, complaint.ServiceId);
        Assert.Equal("Éclairage", complaint.Timeline[^1].Text);
    }

    [Fact]
    public void Assigning_a_service_of_another_commune_is_refused_and_changes_nothing()
    {
        var complaint = ComplaintIn(ComplaintStatus.Received);
        var elsewhere = new Service { Id = 8, CommuneId = 2, Code = "ROADS", NameFr = "Voirie", NameAr = "الطرق" };

        var error = Assert.Throws<ArgumentException>(() => complaint.Assign(elsewhere, "Urgent.", Actor, Now));

        Assert.Equal("service", error.ParamName);
        Assert.Equal(ComplaintStatus.Received, complaint.Status);
        Assert.Null(complaint.ServiceId);
        Assert.Null(complaint.Service);
        Assert.Equal(TimelineKind.Filed, Assert.Single(complaint.Timeline).Kind);
    }

    [Fact]
    public void A_non_definitive_response_from_assigned_moves_to_in_progress()
    {
        var complaint = ComplaintIn(ComplaintStatus.Assigned);

        complaint.Respond("Une équipe passera.", definitive: false, Actor, Now);

        Assert.Equal(ComplaintStatus.InProgress, complaint.Status);
        Assert.Equal(TimelineKind.Response, complaint.Timeline[^1].Kind);
        Assert.True(complaint.Timeline[^1].VisibleToCitizen);
    }

    [Fact]
    public void A_non_definitive_response_in_progress_stays_in_progress()
    {
        var complaint = ComplaintIn(ComplaintStatus.InProgress);

        complaint.Respond("Les travaux commencent lundi.", definitive: false, Actor, Now);

        Assert.Equal(ComplaintStatus.InProgress, complaint.Status);
    }

    [Theory]
    [InlineData(ComplaintStatus.Assigned)]
    [InlineData(ComplaintStatus.InProgress)]
    public void A_definitive_response_answers_the_complaint(ComplaintStatus from)
    {
        var complaint = ComplaintIn(from);

        complaint.Respond("La chaussée a été réparée.", definitive: true, Actor, Now);

        Assert.Equal(ComplaintStatus.Answered, complaint.Status);
        var entry = complaint.Timeline[^1];
        Assert.Equal(TimelineKind.Answer, entry.Kind);
        Assert.Equal("La chaussée a été réparée.", entry.Text);
        Assert.True(entry.VisibleToCitizen);
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void A_note_is_internal_and_allowed_in_every_status(ComplaintStatus status)
    {
        var complaint = ComplaintIn(status);
        var before = complaint.Timeline.Count;

        complaint.AddNote("Appeler le citoyen demain.", Actor, Now);

        Assert.Equal(status, complaint.Status);
        var note = Assert.Single(complaint.Timeline.Skip(before));
        Assert.Equal(TimelineKind.Note, note.Kind);
        Assert.Equal("Appeler le citoyen demain.", note.Text);
        Assert.Equal(Actor, note.Actor);
        Assert.Equal(Now, note.At);
        Assert.False(note.VisibleToCitizen);
    }

    [Fact]
    public void The_allowed_moves_of_a_complaint_follow_its_status()
    {
        var complaint = ComplaintIn(ComplaintStatus.Answered);

        Assert.Equal([Move.Close, Move.Reopen], complaint.AllowedMoves.Order());
    }
}
