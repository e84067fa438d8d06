namespace Responses.Tests.Clients.Generated;

/// <summary>
/// The spec's `anyOf: [string, array]` unions (x-handwritten). NSwag turns such an anyOf into an empty class with
/// only AdditionalProperties, which can neither hold a string nor read one, so the client's copies are written by
/// hand: exactly one of <see cref="Text"/> and <see cref="Items"/> is set.
/// </summary>
public abstract class StringOrList<TItem>
{
    public string? Text { get; init; }

    public List<TItem>? Items { get; init; }
}
