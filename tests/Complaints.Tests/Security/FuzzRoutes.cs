using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Security;

public enum FieldKind { Text, Integer, Number, Boolean, Date, Choice, File, List, Map }

// A value a route reads: a field of a page or its handler, a query parameter or a body property of an endpoint.
public sealed record FuzzField(string Name, FieldKind Kind, IReadOnlyList<string> Choices);

public enum BodyKind { None, Form, Multipart, Json }

// One way into the application: a route of the table, one of its methods and, for a page, one of its handlers.
public sealed record FuzzRoute(string Method, RoutePattern Pattern, string? Handler, BodyKind Body, IReadOnlyList<FuzzField> Fields, bool IsPage)
{
    public string Template => "/" + Pattern.RawText!.Trim('/');

    public override string ToString() => $"{Method} {Template}{(Handler is null ? "" : $" (handler {Handler})")}";
}

// The routes as the application itself lists them: its endpoint table, each page's compiled handlers and bound properties,
// each endpoint's parameters, and the request bodies its OpenAPI document describes.
public static partial class FuzzRoutes
{
    public static async Task<IReadOnlyList<FuzzRoute>> ReadAsync(IServiceProvider services, JsonElement openApi)
    {
        var routes = new List<FuzzRoute>();
        var loader = services.GetRequiredService<PageLoader>();
        var isService = services.GetRequiredService<IServiceProviderIsService>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern;
            var inRoute = pattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                var properties = compiled.BoundProperties.SelectMany(p => Expand(p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType)).ToList();
                foreach (var handler in compiled.HandlerMethods)
                {
                    var method = handler.HttpMethod.ToUpperInvariant();
                    var fields = handler.Parameters
                        .Where(p => !inRoute.Contains(p.Name) && p.ParameterType != typeof(CancellationToken))
                        .SelectMany(p => Expand(p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType))
                        .Concat(properties).DistinctBy(f => f.Name).ToList();
                    routes.Add(new FuzzRoute(method, pattern, handler.Name, method == "GET" ? BodyKind.None : BodyKind.Form, fields, IsPage: true));
                }
                continue;
            }
            var query = endpoint.Metadata.GetMetadata<MethodInfo>()?.GetParameters()
                .Where(p => Simple(p.ParameterType) is not null && !isService.IsService(p.ParameterType)
                    && p.GetCustomAttribute<FromRouteAttribute>() is null && !inRoute.Contains(p.Name!))
                .SelectMany(p => Expand(p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name!, p.ParameterType))
                .ToList() ?? [];
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                var (body, properties) = BodyOf(openApi, pattern, method);
                routes.Add(new FuzzRoute(method, pattern, null, body, [.. query, .. properties], IsPage: false));
            }
        }
        // The same order on every run, so that a seed always draws the same requests.
        return [.. routes.OrderBy(r => r.Template, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ThenBy(r => r.Handler ?? "", StringComparer.Ordinal)];
    }

    // A property of a page is named as its form field: Input.Email, Answers[code], Files.
    static IEnumerable<FuzzField> Expand(string name, Type type, int depth = 0)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (Simple(type) is { } kind)
            return [new FuzzField(name, kind, type.IsEnum ? Enum.GetNames(type) : [])];
        if (typeof(IFormFile).IsAssignableFrom(type) || typeof(IEnumerable<IFormFile>).IsAssignableFrom(type))
            return [new FuzzField(name, FieldKind.File, [])];
        if (type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>)))
            return [new FuzzField(name, FieldKind.Map, [])];
        if (typeof(IEnumerable).IsAssignableFrom(type))
            return [new FuzzField(name, FieldKind.List, [])];
        if (depth >= 2 || !type.IsClass)
            return [new FuzzField(name, FieldKind.Text, [])];
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod?.IsPublic == true)
            .SelectMany(p => Expand($"{name}.{p.Name}", p.PropertyType, depth + 1));
    }

    static FieldKind? Simple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type == typeof(Guid) || type == typeof(char))
            return FieldKind.Text;
        if (type == typeof(bool))
            return FieldKind.Boolean;
        if (type.IsEnum)
            return FieldKind.Choice;
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) || type == typeof(uint) || type == typeof(ulong))
            return FieldKind.Integer;
        if (type == typeof(double) || type == typeof(decimal) || type == typeof(float))
            return FieldKind.Number;
        if (type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeOnly))
            return FieldKind.Date;
        return null;
    }

    // The request body of an endpoint, as its OpenAPI operation describes it.
    static (BodyKind Body, List<FuzzField> Fields) BodyOf(JsonElement document, RoutePattern pattern, string method)
    {
        var path = ConstraintOrDefault().Replace("/" + pattern.RawText!.Trim('/'), "{$1}");
        if (!document.TryGetProperty("paths", out var paths) || !paths.TryGetProperty(path, out var item)
            || !item.TryGetProperty(method.ToLowerInvariant(), out var operation) || !operation.TryGetProperty("requestBody", out var body)
            || !body.TryGetProperty("content", out var contents))
            return (BodyKind.None, []);
        foreach (var content in contents.EnumerateObject())
        {
            var kind = content.Name switch
            {
                "multipart/form-data" => BodyKind.Multipart,
                "application/x-www-form-urlencoded" => BodyKind.Form,
                _ => BodyKind.Json,
            };
            var fields = content.Value.TryGetProperty("schema", out var schema) ? Properties(document, schema, "", 0).ToList() : [];
            return (kind, fields);
        }
        return (BodyKind.None, []);
    }

    static IEnumerable<FuzzField> Properties(JsonElement document, JsonElement schema, string prefix, int depth)
    {
        schema = Resolve(document, schema);
        if (!schema.TryGetProperty("properties", out var properties))
            yield break;
        foreach (var property in properties.EnumerateObject())
        {
            var value = Resolve(document, property.Value);
            var type = TypeOf(value);
            var name = prefix + property.Name;
            if (type == "object" && depth < 2 && value.TryGetProperty("properties", out _))
            {
                foreach (var nested in Properties(document, value, name + ".", depth + 1))
                    yield return nested;
                continue;
            }
            var choices = value.TryGetProperty("enum", out var e) ? e.EnumerateArray().Select(v => v.ToString()).ToList() : [];
            var format = value.TryGetProperty("format", out var f) ? f.GetString() : null;
            yield return new FuzzField(name, (type, format) switch
            {
                ("integer", _) => FieldKind.Integer,
                ("number", _) => FieldKind.Number,
                ("boolean", _) => FieldKind.Boolean,
                ("array", _) => FieldKind.List,
                ("object", _) => FieldKind.Map,
                ("string", "binary") => FieldKind.File,
                ("string", "date" or "date-time") => FieldKind.Date,
                _ when choices.Count > 0 => FieldKind.Choice,
                _ => FieldKind.Text,
            }, choices);
        }
    }

    // A $ref to its component, and a nullable one (anyOf/oneOf with null) to the other member.
    static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        for (var i = 0; i < 5; i++)
        {
            if (schema.TryGetProperty("$ref", out var reference) && reference.GetString() is { } r && r.StartsWith("#/components/schemas/", StringComparison.Ordinal)
                && document.GetProperty("components").GetProperty("schemas").TryGetProperty(r["#/components/schemas/".Length..], out var target))
                schema = target;
            else if ((schema.TryGetProperty("anyOf", out var any) || schema.TryGetProperty("oneOf", out any))
                && any.EnumerateArray().FirstOrDefault(s => TypeOf(s) != "null") is { ValueKind: JsonValueKind.Object } member)
                schema = member;
            else
                break;
        }
        return schema;
    }

    static string? TypeOf(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? (schema.TryGetProperty("$ref", out _) ? "object" : null)
        : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null")
        : type.GetString();

    // {id:int} and {reference?} as the OpenAPI document writes them: {id}, {reference}.
    [GeneratedRegex(@"\{([^}:?=*]+)[^}]*\}")]
    private static partial Regex ConstraintOrDefault();
}
