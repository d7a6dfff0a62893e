namespace Complaints.Tests.Infrastructure;

// Base of every test that runs over HTTP against the real app: each test class is declared
// twice, once per database (FooTests.OnSqlite, FooTests.OnPostgres), and each test gets a fresh app.
// A class whose behaviour cannot differ by database is declared on SQLite only and says why.
public abstract class AppTest(DatabaseKind kind) : IAsyncLifetime
{
    protected DatabaseKind Kind { get; } = kind;
    protected TestApp App { get; private set; } = null!;

    protected virtual Dictionary<string, string?> Settings => [];

    // False: an empty database, which the app migrates and seeds as its settings say.
    protected virtual bool Seeded => true;

    public virtual async Task InitializeAsync() => App = await TestApp.StartAsync(Kind, Settings, Seeded);

    public virtual async Task DisposeAsync() => await App.DisposeAsync();
}
