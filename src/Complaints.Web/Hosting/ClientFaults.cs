using System.Data.Common;

namespace Complaints.Web.Hosting;

// Exceptions that say the request was at fault, not the server: the exception handler answers them with a 4xx.
public static class ClientFaults
{
    public static int StatusCode(Exception exception)
    {
        if (exception is BadHttpRequestException bad)
            return bad.StatusCode; // a body cut short by the client, or past the size limit
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // PostgreSQL text holds no NUL character (22021): a value with one can be neither stored nor found.
            if (e is DbException { SqlState: "22021" })
                return StatusCodes.Status400BadRequest;
        }
        return StatusCodes.Status500InternalServerError;
    }
}
