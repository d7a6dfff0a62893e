namespace Complaints.Web.Notifications;

public static class OutboxSetup
{
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<OutboxOptions>(configuration.GetSection("Outbox"));
        services.Configure<EmailOptions>(configuration.GetSection("Email"));
        services.Configure<SmsOptions>(configuration.GetSection("Sms"));
        // The gateway is reached at its configured address only: a redirect is a failed attempt, never followed.
        services.AddHttpClient(SmsTransport.Client, c => c.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddScoped<IOutboxTransport, EmailTransport>();
        services.AddScoped<IOutboxTransport, SmsTransport>();
        services.AddSingleton<OutboxInstance>();
        services.AddSingleton<NotificationMetrics>();
        services.AddScoped<OutboxSender>();
        services.AddHostedService<OutboxWorker>();
        return services;
    }
}
