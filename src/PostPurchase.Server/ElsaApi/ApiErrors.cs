using PostPurchase.Workflows.Definitions;

namespace PostPurchase.Server.ElsaApi;

/// <summary>400 responses in the shape the Studio shows: <c>{"errors":{location:[messages]}}</c>.</summary>
public static class ApiErrors
{
    public static IResult Validation(IEnumerable<ValidationError> errors) =>
        Results.Json(new { errors = errors.GroupBy(e => e.Location).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()) },
            statusCode: StatusCodes.Status400BadRequest);

    public static IResult BadRequest(string location, string message) => Validation([new ValidationError(location, message)]);

    public static IResult NotFound(string message) => Results.Json(new { message }, statusCode: StatusCodes.Status404NotFound);
}

/// <summary>Bad input found while reading a request; becomes a 400 with <c>errors</c>.</summary>
public sealed class BadRequestException(string location, string message) : Exception(message)
{
    public string Location { get; } = location;
}
