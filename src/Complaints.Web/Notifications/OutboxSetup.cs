namespace Complaints.Web.Notifications;

public static class OutboxSetup
{
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<OutboxOptions>(configuration.GetSection("Outbox"));
        services.Configure<EmailOptions>(configuration.GetSection("Email"));
        services.Configure<SmsOptions>(configuration.GetSection("Sms"));
        services.AddHttpClient(SmsTransport.Client, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddScoped<IOutboxTransport, EmailTransport>();
        services.AddScoped<IOutboxTransport, SmsTransport>();
        services.AddSingleton<OutboxInstance>();
        services.AddScoped<OutboxSender>();
        services.AddHostedService<OutboxWorker>();
        return services;
    }
}
