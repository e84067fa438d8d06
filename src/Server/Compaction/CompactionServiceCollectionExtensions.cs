namespace Responses.Server.Compaction;

public static class CompactionServiceCollectionExtensions
{
    public static IServiceCollection AddCompaction(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CompactionOptions>()
            .Bind(configuration.GetSection(CompactionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ConversationCompactor>();
        return services;
    }
}
