namespace Complaints.Web;

// The marker for the shared French and Arabic strings in Resources/SharedResource.{fr,ar}.resx.
public sealed class SharedResource;
