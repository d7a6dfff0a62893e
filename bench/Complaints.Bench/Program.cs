namespace Complaints.Bench;

// dotnet run -c Release --project bench/Complaints.Bench -- [postgres|sqlite] [complaints]            (staff inbox)
// dotnet run -c Release --project bench/Complaints.Bench -- figures [postgres|sqlite] [complaints]    (figures)
static class Program
{
    static Task<int> Main(string[] args) =>
        args.Length > 0 && args[0] == "figures" ? FiguresBench.RunAsync(args[1..]) : InboxBench.RunAsync(args);
}
