using Complaints.Web.Hosting;
using Npgsql;

namespace Complaints.Tests.Hosting;

// The PostgreSQL connection string an operator gives gains automatic preparation of the statements sent often, unless
// it says itself how many to prepare (0 turns it off, as behind a pooler in transaction mode); pooled connections are
// still reset unless it says otherwise.
public sealed class ConnectionStringTests
{
    [Fact]
    public void A_connection_string_without_a_word_on_preparation_prepares_the_frequent_statements_and_keeps_the_rest()
    {
        var given = new NpgsqlConnectionStringBuilder(DatabaseSetup.Tuned(
            "Host=db1:5432,db2:5432;Database=complaints;Username=app;Password=s3cret;Target Session Attributes=primary"));

        Assert.Equal(DatabaseSetup.MaxAutoPrepare, given.MaxAutoPrepare);
        Assert.False(given.NoResetOnClose);
        Assert.Equal("s3cret", given.Password);
        Assert.Equal("db1:5432,db2:5432", given.Host);
        Assert.Equal("primary", given.TargetSessionAttributes, ignoreCase: true);
    }

    [Theory]
    [InlineData("Host=pgbouncer;Database=complaints;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=complaints;MaxAutoPrepare=5", 5)]
    public void The_operators_own_preparation_setting_is_kept(string connectionString, int prepared) =>
        Assert.Equal(prepared, new NpgsqlConnectionStringBuilder(DatabaseSetup.Tuned(connectionString)).MaxAutoPrepare);

    [Fact]
    public void The_operators_own_reset_setting_is_kept() =>
        Assert.True(new NpgsqlConnectionStringBuilder(DatabaseSetup.Tuned("Host=db;Database=complaints;No Reset On Close=true")).NoResetOnClose);
}
