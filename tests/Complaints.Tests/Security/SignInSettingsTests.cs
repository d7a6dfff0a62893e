using Complaints.Web.Hosting;
using Complaints.Web.Staff;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Complaints.Tests.Security;

// The second-factor settings are read as the site starts: a value outside what they allow stops it with the key named.
public sealed class SignInSettingsTests
{
    static SignInSettings Read(string key, string value)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build());
        services.AddStaffAuthentication();
        return services.BuildServiceProvider().GetRequiredService<IOptions<SignInSettings>>().Value;
    }

    [Theory]
    [InlineData("SignIn:TotpClockSkewSteps", "2")]
    [InlineData("SignIn:TotpClockSkewSteps", "-1")]
    [InlineData("SignIn:SecondFactor", "nobody")]
    public void A_value_outside_the_allowed_ones_is_refused_naming_the_key(string key, string value)
    {
        var failure = Assert.ThrowsAny<Exception>(() => Read(key, value));
        Assert.Contains(key, failure.ToString());
    }

    [Fact]
    public void By_default_only_administrators_need_a_second_factor_and_a_code_lives_one_step()
    {
        var settings = Read("SignIn:Unrelated", "x");
        Assert.Equal(0, settings.TotpClockSkewSteps);
        Assert.True(settings.RequiresTwoFactor([Roles.CommuneAdmin]));
        Assert.False(settings.RequiresTwoFactor([Roles.ServiceAgent]));
        Assert.True(Read("SignIn:SecondFactor", "everyone").RequiresTwoFactor([Roles.ServiceAgent]));
    }
}
