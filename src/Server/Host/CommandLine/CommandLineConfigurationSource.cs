namespace Responses.Server.Host.CommandLine;

/// <summary>
/// The parsed command line as the last, winning configuration source. Lists are the one place where layering
/// surprises: configuration merges them index by index, so `--model A` over an appsettings.json listing three
/// models would serve A plus the other two. This provider therefore answers alone for the lists it replaces.
/// </summary>
internal sealed class CommandLineConfigurationSource(CommandLineSettings settings) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(settings);

    private sealed class Provider : ConfigurationProvider
    {
        private readonly IReadOnlyList<string> replacedLists;

        public Provider(CommandLineSettings settings)
        {
            replacedLists = settings.ReplacedLists;
            foreach (var (key, value) in settings.Entries)
                Data[key] = value;
        }

        public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath) =>
            base.GetChildKeys(
                parentPath is not null && replacedLists.Contains(parentPath, StringComparer.OrdinalIgnoreCase) ? [] : earlierKeys,
                parentPath);
    }
}
