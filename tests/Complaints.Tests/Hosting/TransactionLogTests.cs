using Complaints.Tests.Infrastructure;
using Complaints.Web.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Complaints.Tests.Hosting;

// A client that hangs up cancels its request and the transaction with it: the log an operator collects says so,
// without an error that would page someone.
public abstract class TransactionLogTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task A_transaction_cancelled_with_its_request_is_logged_as_such_not_as_an_error()
    {
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tx.CommitAsync(new CancellationToken(canceled: true)));
        }

        Assert.DoesNotContain(App.Logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.Contains(App.Logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("the request was cancelled"));
    }

    public sealed class OnSqlite() : TransactionLogTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : TransactionLogTests(DatabaseKind.Postgres);
}
