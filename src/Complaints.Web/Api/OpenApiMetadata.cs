using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Complaints.Web.Api;

// What /openapi/v1.json says of an endpoint beyond what its handler's signature shows.
public static class OpenApiMetadata
{
    // The refusals an endpoint lists: 400 names each bad field, 409 is a move's conflict, 429 says when to try
    // again in Retry-After, the others are plain problem details.
    public static RouteHandlerBuilder Refuses(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        foreach (var status in statuses)
            _ = status switch
            {
                StatusCodes.Status400BadRequest => endpoint.ProducesValidationProblem(),
                StatusCodes.Status409Conflict => endpoint.Produces<MoveConflictProblem>(status, "application/problem+json"),
                StatusCodes.Status429TooManyRequests => endpoint.ProducesProblem(status).AddOpenApiOperationTransformer((operation, _, _) =>
                {
                    if (operation.Responses?.GetValueOrDefault("429") is OpenApiResponse response)
                        (response.Headers ??= new Dictionary<string, IOpenApiHeader>())["Retry-After"] = new OpenApiHeader
                        {
                            Description = "Seconds to wait before trying again.",
                            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                        };
                    return Task.CompletedTask;
                }),
                _ => endpoint.ProducesProblem(status),
            };
        return endpoint;
    }

    // A creation refused because its code is taken: plain problem details, unlike a move's 409.
    public static RouteHandlerBuilder Duplicates(this RouteHandlerBuilder endpoint) =>
        endpoint.ProducesProblem(StatusCodes.Status409Conflict);

    // The body an endpoint reads itself, so that it can name each bad field. `Accepts` would say the same but
    // also make routing answer 415 to any other content type before the handler could name the body.
    public static RouteHandlerBuilder Reads<T>(this RouteHandlerBuilder endpoint, string contentType = "application/json", bool optional = false) =>
        endpoint.AddOpenApiOperationTransformer(async (operation, context, ct) => operation.RequestBody = new OpenApiRequestBody
        {
            Required = !optional,
            Content = new Dictionary<string, OpenApiMediaType> { [contentType] = new() { Schema = await NamedSchemaAsync<T>(context, ct) } },
        });

    // A schema built by hand is inline; registering it keeps its name in the document, as for the answers.
    public static async Task<IOpenApiSchema> NamedSchemaAsync<T>(OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var document = context.Document!;
        var name = typeof(T).Name;
        if (document.Components?.Schemas?.ContainsKey(name) != true)
            document.AddComponent(name, await context.GetOrCreateSchemaAsync(typeof(T), null, ct));
        return new OpenApiSchemaReference(name, document);
    }
}
