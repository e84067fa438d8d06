using System.Text;
using Responses.Generated;
using Responses.Server.Errors;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Responses.Server.Runs.Conversation;

/// <summary>
/// What an input_file part gives the model: its text under a header that names the file. Text-like files (text/*,
/// JSON, XML, YAML, code, CSV, markdown) are inlined as they are; a PDF's text is extracted page by page (PdfPig), each
/// page under its own header so the model can cite it. Anything else is refused, naming the part and the type: a
/// local model reads text, and silently dropping a file would leave it answering about a document it never saw.
/// </summary>
public static class FileText
{
    private const string PdfMediaType = "application/pdf";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Media types outside text/* whose content is text.</summary>
    private static readonly HashSet<string> TextMediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/json", "application/jsonl", "application/x-ndjson", "application/xml", "application/yaml",
        "application/x-yaml", "application/toml", "application/javascript", "application/x-javascript",
        "application/typescript", "application/x-sh", "application/x-python", "application/x-python-code",
        "application/sql", "application/csv", "application/x-tex", "application/graphql", "application/x-httpd-php",
    };

    /// <summary>File names whose content is text, for a file sent without a media type (bare base64).</summary>
    private static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".txt", ".text", ".md", ".markdown", ".rst", ".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".xml", ".yaml",
        ".yml", ".toml", ".ini", ".cfg", ".conf", ".log", ".html", ".htm", ".css", ".scss", ".js", ".mjs", ".cjs",
        ".ts", ".tsx", ".jsx", ".py", ".rb", ".go", ".rs", ".java", ".kt", ".kts", ".c", ".h", ".cc", ".cpp", ".cxx",
        ".hpp", ".cs", ".csx", ".fs", ".vb", ".swift", ".m", ".php", ".pl", ".sh", ".bash", ".zsh", ".ps1", ".bat",
        ".sql", ".r", ".lua", ".scala", ".dart", ".tex", ".diff", ".patch", ".proto", ".graphql", ".vue", ".svelte",
        ".gradle", ".cmake", ".mk", ".dockerfile", ".tf", ".hcl", ".env", ".properties", ".srt", ".vtt",
    };

    /// <param name="param">The part's path in the request (input[0].content[1]), for errors.</param>
    public static string Of(InputFileContent file, string param)
    {
        var name = string.IsNullOrWhiteSpace(file.Filename) ? "file" : file.Filename.Trim();
        var (mediaType, bytes) = Decode(file, param);
        if (IsPdf(mediaType, name))
        {
            return PdfText(bytes, name, param);
        }

        if (!IsText(mediaType, name))
        {
            throw ApiException.InvalidRequest(
                $"Invalid '{param}': the file '{name}' is of type '{mediaType ?? Path.GetExtension(name)}', which this server cannot read. " +
                "input_file takes text files (text/*, JSON, XML, YAML, CSV, markdown, source code) and PDFs.",
                param,
                ErrorTypes.InvalidValue);
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw ApiException.InvalidRequest(
                $"Invalid '{param}': the file '{name}' is not UTF-8 text.", $"{param}.file_data", ErrorTypes.InvalidValue);
        }

        return $"{Header(name)}\n{text}";
    }

    /// <summary>The decoded size of a part's file_data, without decoding it, for the request's size limit.</summary>
    public static long DecodedLength(InputFileContent file)
    {
        if (file.FileData is not { } data)
        {
            return 0;
        }

        return DataUrl.DecodedLength(DataUrl.TryParse(data, out var parsed) ? data.Length - parsed.DataStart : data.Length);
    }

    private static (string? MediaType, byte[] Bytes) Decode(InputFileContent file, string param)
    {
        if (file.FileId is not null)
        {
            throw ApiException.InvalidRequest(
                $"Invalid '{param}.file_id': this server has no Files API, so there is no file to refer to; send the file's content as file_data (base64) with its filename.",
                $"{param}.file_id",
                ErrorTypes.UnsupportedValue);
        }

        if (file.FileData is not { } data)
        {
            if (file.FileUrl is not null)
            {
                throw ApiException.InvalidRequest(
                    $"Invalid '{param}.file_url': this server does not fetch URLs; send the file's content as file_data (base64) with its filename.",
                    $"{param}.file_url",
                    ErrorTypes.UnsupportedValue);
            }

            throw ApiException.InvalidRequest(
                $"Missing required parameter: '{param}.file_data' (the file's content, base64, with filename).",
                $"{param}.file_data",
                ErrorTypes.MissingRequiredParameter);
        }

        string? mediaType = null;
        var payload = data.AsSpan();
        if (DataUrl.IsDataUrl(data))
        {
            if (!DataUrl.TryParse(data, out var parsed) || !parsed.IsBase64)
            {
                throw ApiException.InvalidRequest(
                    $"Invalid '{param}.file_data': a data URL must be base64 (data:<media type>;base64,<data>).",
                    $"{param}.file_data",
                    ErrorTypes.InvalidValue);
            }

            mediaType = parsed.MediaType is "" or "application/octet-stream" ? null : parsed.MediaType;
            payload = payload[parsed.DataStart..];
        }

        var bytes = DataUrl.FromBase64(payload) ?? throw ApiException.InvalidRequest(
            $"Invalid '{param}.file_data': not valid base64.", $"{param}.file_data", ErrorTypes.InvalidValue);
        return (mediaType, bytes);
    }

    private static bool IsPdf(string? mediaType, string name) => mediaType is null
        ? name.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)
        : mediaType.Equals(PdfMediaType, StringComparison.OrdinalIgnoreCase);

    private static bool IsText(string? mediaType, string name)
    {
        if (mediaType is null)
        {
            return TextExtensions.Contains(Path.GetExtension(name)) || !Path.HasExtension(name) && IsKnownTextName(name);
        }

        return mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || TextMediaTypes.Contains(mediaType)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Extension-less files that are text by convention.</summary>
    private static bool IsKnownTextName(string name) => Path.GetFileName(name) is
        "Dockerfile" or "Makefile" or "LICENSE" or "README" or "CHANGELOG" or "Gemfile" or "Procfile" or "Jenkinsfile";

    private static string PdfText(byte[] bytes, string name, string param)
    {
        try
        {
            using var document = PdfDocument.Open(bytes);
            var text = new StringBuilder();
            var pages = document.NumberOfPages;
            foreach (var page in document.GetPages())
            {
                if (text.Length > 0)
                {
                    text.Append("\n\n");
                }

                var pageText = ContentOrderTextExtractor.GetText(page).Trim();
                text.Append(Header($"{name}, page {page.Number} of {pages}")).Append('\n')
                    .Append(pageText.Length == 0 ? "[no text on this page]" : pageText);
            }

            return pages == 0 ? $"{Header(name)}\n[no pages]" : text.ToString();
        }
        catch (Exception e) when (e is not ApiException)
        {
            // PdfPig throws its own exception types (and a few framework ones) for damaged or encrypted files.
            throw ApiException.InvalidRequest(
                $"Invalid '{param}.file_data': the file '{name}' could not be read as a PDF ({e.Message}).",
                $"{param}.file_data",
                ErrorTypes.InvalidValue);
        }
    }

    private static string Header(string title) => $"--- {title} ---";
}
