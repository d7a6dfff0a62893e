namespace Complaints.Web.Notifications;

// Outbox:* — how the worker delivers what the moves wrote.
public sealed class OutboxOptions
{
    // false: this instance delivers nothing (another instance does, or nobody).
    public bool Worker { get; set; } = true;
    public int PollSeconds { get; set; } = 15;
    public int MaxAttempts { get; set; } = 8;
    public int BatchSize { get; set; } = 20;
}

public enum SmtpSecurity { Auto, None, StartTls, SslOnConnect }

// Email:* — Host, Port and From (README, Configuration), plus optional credentials and TLS mode.
public sealed class EmailOptions
{
    public string? From { get; set; }
    public SmtpOptions Smtp { get; set; } = new();

    public sealed class SmtpOptions
    {
        public string? Host { get; set; }
        public int Port { get; set; } = 25;
        public string? User { get; set; }
        public string? Password { get; set; }
        public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
    }
}

// Sms:* — the HTTP gateway.
public sealed class SmsOptions
{
    public GatewayOptions Gateway { get; set; } = new();

    public sealed class GatewayOptions
    {
        public string? Url { get; set; }
        public string? Token { get; set; }
    }
}
