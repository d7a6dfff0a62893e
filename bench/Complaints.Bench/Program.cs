namespace Complaints.Bench;

// dotnet run -c Release --project bench/Complaints.Bench -- [postgres|sqlite] [complaints]            (staff inbox)
// dotnet run -c Release --project bench/Complaints.Bench -- figures [postgres|sqlite] [complaints]    (figures)
// dotnet run -c Release --project bench/Complaints.Bench -- session [postgres|sqlite] [seconds]       (session check, with wrk)
// dotnet run -c Release --project bench/Complaints.Bench -- load [postgres|sqlite] [seconds]          (Open311 filing and reading, with wrk)
// dotnet run -c Release --project bench/Complaints.Bench -- reading [postgres|sqlite] [seconds] [only] (Open311 and tracking page reads, with wrk)
static class Program
{
    static Task<int> Main(string[] args) => args switch
    {
        ["figures", ..] => FiguresBench.RunAsync(args[1..]),
        ["session", ..] => SessionBench.RunAsync(args[1..]),
        ["load", ..] => LoadBench.RunAsync(args[1..]),
        ["reading", ..] => ReadingBench.RunAsync(args[1..]),
        _ => InboxBench.RunAsync(args),
    };
}
