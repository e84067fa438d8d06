using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Responses.Server.Runs;

namespace Responses.Server.Api;

/// <summary>Puts the API's JSON body formatter first, reading with the configured nesting limit.</summary>
public sealed class JsonBodyFormatterSetup(IOptions<RequestLimitsOptions> limits) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options) =>
        options.InputFormatters.Insert(0, new JsonBodyInputFormatter(ApiJson.CreateReadOptions(limits.Value.MaxJsonDepth)));
}
