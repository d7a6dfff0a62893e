namespace Complaints.Tests.Infrastructure;

// Base of every test that runs over HTTP against the real app: each test class is declared
// twice, once per database (FooTests.OnSqlite, FooTests.OnPostgres), and each test gets a fresh app.
// A class whose behaviour cannot differ by database is declared on SQLite only and says why.
public abstract class AppTest(DatabaseKind kind) : IAsyncLifetime
{
    protected DatabaseKind Kind { get; } = kind;
    protected TestApp App { get; private set; } = null!;

    protected virtual Dictionary<string, string?> Settings => [];

    public virtual async Task InitializeAsync() => App = await TestApp.StartAsync(Kind, Settings);

    public virtual async Task DisposeAsync() => await App.DisposeAsync();
}
