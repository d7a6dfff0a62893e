namespace Complaints.Bench;

// dotnet run -c Release --project bench/Complaints.Bench -- [postgres|sqlite] [complaints]            (staff inbox)
// dotnet run -c Release --project bench/Complaints.Bench -- figures [postgres|sqlite] [complaints]    (figures)
// dotnet run -c Release --project bench/Complaints.Bench -- session [postgres|sqlite] [seconds]       (session check, with wrk)
// dotnet run -c Release --project bench/Complaints.Bench -- load [postgres|sqlite] [seconds] [only]   (filing and reading, with wrk)
static class Program
{
    static Task<int> Main(string[] args) => args switch
    {
        ["figures", ..] => FiguresBench.RunAsync(args[1..]),
        ["session", ..] => SessionBench.RunAsync(args[1..]),
        ["load", ..] => LoadBench.AsServerAsync(args) ?? LoadBench.RunAsync(args[1..]),
        _ => InboxBench.RunAsync(args),
    };
}
