namespace Responses.Conformance.Spec;

/// <summary>An OpenAPI discriminator: the property that names the member, and each value's schema name.</summary>
public sealed record Discriminator(string Property, IReadOnlyDictionary<string, string> Mapping);
