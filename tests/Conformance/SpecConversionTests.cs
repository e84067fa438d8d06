using System.Text.Json.Nodes;
using Responses.Conformance;
using Responses.Conformance.Spec;

namespace Responses.Tests.Conformance;

/// <summary>
/// OpenAPI 3.0 to JSON Schema 2020-12, on small specs: nullable, inheritance flattened, discriminator dispatch, and a
/// union whose members fix their type dispatched like a discriminated one.
/// </summary>
public sealed class SpecConversionTests
{
    private const string Yaml = """
        openapi: 3.0.3
        components:
          schemas:
            Pet:
              type: object
              additionalProperties: false
              discriminator:
                propertyName: kind
                mapping:
                  cat: '#/components/schemas/Cat'
              required: [kind, name]
              properties:
                kind:
                  type: string
                name:
                  type: string
                  nullable: true
                x-internal: true
            Cat:
              allOf:
                - $ref: '#/components/schemas/Pet'
                - type: object
                  additionalProperties: false
                  required: [lives]
                  properties:
                    lives:
                      type: integer
                      minimum: 0
                      exclusiveMinimum: true
                    mood:
                      type: string
                      enum: [calm, cross]
                      nullable: true
            Owner:
              type: object
              properties:
                pet:
                  $ref: '#/components/schemas/Pet'
                code:
                  type: string
                  example: '007'
        """;

    /// <summary>ItemResource's form: an anyOf of members that each fix `type`, two of them (posts) sharing a value.</summary>
    private const string UnionYaml = """
        openapi: 3.0.3
        components:
          schemas:
            Entry:
              anyOf:
                - $ref: '#/components/schemas/Note'
                - $ref: '#/components/schemas/Question'
                - $ref: '#/components/schemas/Answer'
            Note:
              type: object
              additionalProperties: false
              required: [type, text]
              properties:
                type:
                  type: string
                  enum: [note]
                text:
                  type: string
            Question:
              type: object
              additionalProperties: false
              required: [type, by, text]
              properties:
                type:
                  type: string
                  enum: [post]
                by:
                  type: string
                  enum: [user]
                text:
                  type: string
            Answer:
              type: object
              additionalProperties: false
              required: [type, by, parts]
              properties:
                type:
                  type: string
                  enum: [post]
                by:
                  type: string
                  enum: [bot]
                parts:
                  type: array
                  items:
                    type: string
        """;

    private readonly SpecValidator validator = new(SpecSchemas.FromYaml(Yaml));

    private readonly SpecValidator unionValidator = new(SpecSchemas.FromYaml(UnionYaml));

    [Theory]
    [InlineData("""{"kind":"cat","name":"Tom","lives":9}""", true)]
    [InlineData("""{"kind":"cat","name":null,"lives":9,"mood":null}""", true)]
    [InlineData("""{"kind":"cat","name":"Tom","lives":9,"mood":"sleepy"}""", false)]
    [InlineData("""{"kind":"cat","name":"Tom","lives":0}""", false)]
    [InlineData("""{"kind":"cat","name":"Tom"}""", false)]
    [InlineData("""{"kind":"cat","name":"Tom","lives":9,"wings":2}""", false)]
    [InlineData("""{"kind":"dog","name":"Rex","lives":9}""", false)]
    [InlineData("""{"name":"Tom","lives":9}""", false)]
    public void A_reference_to_a_discriminated_base_dispatches_to_the_mapped_member(string pet, bool valid)
    {
        var verdict = validator.Validate("Owner", JsonNode.Parse($$"""{"pet":{{pet}},"code":"1"}"""));

        Assert.True(verdict.IsValid == valid, verdict.ToString());
    }

    [Fact]
    public void A_member_validated_directly_holds_its_discriminator_value()
    {
        Assert.False(validator.Validate("Cat", JsonNode.Parse("""{"kind":"dog","name":"Tom","lives":9}""")).IsValid);
    }

    [Theory]
    [InlineData("""{"type":"note","text":"a"}""", true)]
    [InlineData("""{"type":"post","by":"user","text":"a"}""", true)]
    [InlineData("""{"type":"post","by":"bot","parts":["a"]}""", true)]
    [InlineData("""{"type":"post","by":"bot","text":"a"}""", false)]
    [InlineData("""{"type":"note","text":"a","by":"user"}""", false)]
    [InlineData("""{"type":"memo","text":"a"}""", false)]
    [InlineData("""{"text":"a"}""", false)]
    public void A_union_whose_members_fix_their_type_dispatches_on_it(string entry, bool valid)
    {
        var verdict = unionValidator.Validate("Entry", JsonNode.Parse(entry));

        Assert.True(verdict.IsValid == valid, verdict.ToString());
    }

    [Fact]
    public void A_typed_union_reports_the_errors_of_the_member_its_type_names_only()
    {
        var verdict = unionValidator.Validate("Entry", JsonNode.Parse("""{"type":"note"}"""));

        Assert.Equal(["/: Required properties [\"text\"] are not present"], verdict.Errors);
    }

    [Fact]
    public void Yaml_scalars_are_typed_as_yaml_1_2_core_types()
    {
        var json = YamlJson.Parse("a: '200'\nb: 200\nc: true\nd: 'true'\ne: ~\nf: 1.5\ng: -3\nh: 1.0.3\n");

        Assert.Equal("""{"a":"200","b":200,"c":true,"d":"true","e":null,"f":1.5,"g":-3,"h":"1.0.3"}""", json!.ToJsonString());
    }

    [Theory]
    [InlineData(new[] { "--base-url", "http://127.0.0.1:8000/v1" }, "--model is required")]
    [InlineData(new[] { "--model", "m" }, "--base-url must be an http(s) URL, e.g. http://127.0.0.1:8000/v1")]
    [InlineData(new[] { "--base-url", "http://h/v1", "--model", "m", "--timeout", "soon" }, "unknown option or bad value: --timeout soon")]
    public void A_wrong_command_line_says_what_is_wrong(string[] args, string error)
    {
        Assert.Equal(error, ConformanceOptions.Parse(args).Error);
    }

    [Fact]
    public void The_command_line_takes_json_output_a_spec_and_a_timeout()
    {
        var (options, _) = ConformanceOptions.Parse(["--base-url", "http://h:1/v1", "--model", "m", "--output", "json", "--spec", "s.yaml", "--timeout", "5"]);

        Assert.Equal(new ConformanceOptions(new Uri("http://h:1/v1"), "m", "s.yaml", true, TimeSpan.FromSeconds(5)), options);
    }
}
