using System.Globalization;

namespace Complaints.Web.Hosting;

// Retry-After, on every refusal that asks to come back later (a request limit, a throttled sign-in, a busy printer):
// whole seconds, rounded up, never zero.
public static class RetryAfter
{
    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    // Sets the header and answers the seconds it names.
    public static int Set(HttpResponse response, TimeSpan wait)
    {
        var seconds = Seconds(wait);
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return seconds;
    }
}
