namespace Complaints.Web.Api;

public static class Open311Api
{
    public static IEndpointRouteBuilder MapOpen311(this IEndpointRouteBuilder app) => app;
}
