using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agentry.Api.Http;

/// <summary>
/// Reads a JSON request body strictly: JSON content type, size limit, valid UTF-8, known fields, right types.
/// Every refusal is a Problem Details that names the field, never a 500.
/// </summary>
internal static class JsonBody
{
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.UnsupportedMediaType());
        }

        try
        {
            T? value = await JsonSerializer.DeserializeAsync(request.Body, typeInfo, cancellationToken).ConfigureAwait(false);
            return value is null ? (null, Problems.BadRequest("The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.BadRequest(Describe(ex), FieldName(ex.Path)));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.PayloadTooLarge(MaxBodySize(request)));
        }
        catch (BadHttpRequestException)
        {
            return (null, Problems.BadRequest("The request body could not be read."));
        }
    }

    private static string Describe(JsonException ex)
    {
        string? field = FieldName(ex.Path);
        if (ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return field is null ? "The body has an unknown field." : $"'{field}' is not a known field.";
        }

        if (ex.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return field is null ? "The body has a value of the wrong type." : $"'{field}' has the wrong type.";
        }

        // The parser's own message says what broke (invalid UTF-8, a missing quote...) with its position, and never quotes the body.
        return "The body is not valid JSON: " + (ex.InnerException?.Message ?? ex.Message);
    }

    private static string? FieldName(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
    }

    private static long MaxBodySize(HttpRequest request) =>
        request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0;
}
