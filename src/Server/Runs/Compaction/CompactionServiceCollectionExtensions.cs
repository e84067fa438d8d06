namespace Responses.Server.Runs.Compaction;

public static class CompactionServiceCollectionExtensions
{
    public static IServiceCollection AddCompaction(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CompactionOptions>()
            .Bind(configuration.GetSection(CompactionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<CompactAdapter>();
        services.AddScoped<ContextCompactor>();
        return services;
    }
}
