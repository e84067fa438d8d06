using Microsoft.AspNetCore.RequestDecompression;
using Responses.Server.Runs;
using Responses.Server.Runs.Images;

namespace Responses.Server.Host.Limits;

/// <summary>Request limits and compressed bodies: the options, the decompressors, and their place in the pipeline.</summary>
public static class LimitsServiceCollectionExtensions
{
    public static IServiceCollection AddRequestLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RequestLimitsOptions>()
            .Bind(configuration.GetSection(RequestLimitsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<RequestCountLimits>();
        services.AddOptions<ImageOptions>()
            .Bind(configuration.GetSection(ImageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // gzip, br and deflate are the defaults; the options' list is added to, not replaced.
        services.AddRequestDecompression(decompression => decompression.DecompressionProviders.Add("zstd", new ZstdDecompressionProvider()));
        return services;
    }

    /// <summary>Encoding and declared length checked, the body decompressed, then counted as the API reads it.</summary>
    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        app.UseMiddleware<RequestBodyGate>();
        return app;
    }
}
