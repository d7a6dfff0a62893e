using Complaints.Web.Domain;

namespace Complaints.Tests.Domain;

public class StatusNamesTests
{
    [Theory]
    [InlineData(ComplaintStatus.Received, "received")]
    [InlineData(ComplaintStatus.Rejected, "rejected")]
    [InlineData(ComplaintStatus.Assigned, "assigned")]
    [InlineData(ComplaintStatus.InProgress, "in_progress")]
    [InlineData(ComplaintStatus.Answered, "answered")]
    [InlineData(ComplaintStatus.Closed, "closed")]
    [InlineData(ComplaintStatus.Reopened, "reopened")]
    public void A_status_goes_on_the_wire_by_its_contract_name(ComplaintStatus status, string wire) =>
        Assert.Equal(wire, status.Wire());

    [Fact]
    public void The_statuses_are_exactly_the_seven_of_the_contract()
    {
        string[] contract = ["received", "rejected", "assigned", "in_progress", "answered", "closed", "reopened"];

        Assert.Equal(contract.Order(), Enum.GetValues<ComplaintStatus>().Select(s => s.Wire()).Order());
    }

    [Theory]
    [InlineData(ComplaintStatus.Received, false)]
    [InlineData(ComplaintStatus.Rejected, true)]
    [InlineData(ComplaintStatus.Assigned, false)]
    [InlineData(ComplaintStatus.InProgress, false)]
    [InlineData(ComplaintStatus.Answered, true)]
    [InlineData(ComplaintStatus.Closed, true)]
    [InlineData(ComplaintStatus.Reopened, false)]
    public void Open311_sees_closed_exactly_rejected_answered_and_closed(ComplaintStatus status, bool closed) =>
        Assert.Equal(closed, status.IsClosedForOpen311());

    [Fact]
    public void An_unknown_status_has_no_wire_name() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ((ComplaintStatus)99).Wire());
}
