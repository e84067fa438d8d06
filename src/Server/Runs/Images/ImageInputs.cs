using System.Security.Cryptography;
using Responses.Inference;
using Responses.Server.Errors;

namespace Responses.Server.Runs.Images;

/// <summary>
/// One request's images: each image part read into a <see cref="ChatImage"/> (a data: URL, or a file of the
/// configured folder), checked against the limits, and held for the turn being read until it takes them. Anything
/// malformed is a 400 naming the part, whether the model reads images or not, so a request means the same everywhere.
/// </summary>
public sealed class ImageInputs(ImageOptions options)
{
    private static readonly string[] MediaTypes = ["image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp"];

    private readonly List<ChatImage> pending = [];
    private int count;

    /// <summary>The text that stands for an image in its turn.</summary>
    public static string Marker { get; } = ChatImage.Marker.ToString();

    /// <summary>Client text beside images: a marker in it would stand for an image that is not there.</summary>
    public static string Escape(string text) => text.Contains(ChatImage.Marker) ? text.Replace(ChatImage.Marker, '\uFFFD') : text;

    /// <summary>Reads one image part and holds it for the turn; returns its marker, for the turn's text.</summary>
    /// <param name="param">The part, e.g. input[0].content[1].</param>
    public string Add(string? imageUrl, string? fileId, string param)
    {
        pending.Add(Read(imageUrl, fileId, param));
        return Marker;
    }

    /// <summary>The images added since the last call, for the turn whose text holds their markers.</summary>
    public IReadOnlyList<ChatImage> Take()
    {
        if (pending.Count == 0)
        {
            return [];
        }

        var images = pending.ToArray();
        pending.Clear();
        return images;
    }

    private ChatImage Read(string? imageUrl, string? fileId, string param)
    {
        if (++count > options.MaxImagesPerRequest)
        {
            throw Limit(param, $"{count} images, more than this server accepts in one request (the history included): at most {options.MaxImagesPerRequest}, set by {ImageOptions.SectionName}:{nameof(ImageOptions.MaxImagesPerRequest)}.");
        }

        if (string.IsNullOrEmpty(imageUrl))
        {
            if (!string.IsNullOrEmpty(fileId))
            {
                throw ApiException.InvalidRequest(
                    $"Invalid '{param}.file_id': this server has no Files API; send the image in image_url as a data URL (data:image/png;base64,...).",
                    $"{param}.file_id",
                    ErrorTypes.UnsupportedValue);
            }

            throw ApiException.InvalidRequest(
                $"Missing required parameter: '{param}.image_url' (an input_image needs image_url or file_id).", $"{param}.image_url", ErrorTypes.MissingRequiredParameter);
        }

        var url = $"{param}.image_url";
        if (imageUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || imageUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(url, ImageErrorCodes.InvalidUrl, "the server does not fetch URLs; send the image as a data URL (data:image/png;base64,...).");
        }

        if (DataUrl.IsDataUrl(imageUrl))
        {
            return Check(FromDataUrl(imageUrl, url, param), url, param);
        }

        if (imageUrl.StartsWith("file://", StringComparison.OrdinalIgnoreCase) || Path.IsPathFullyQualified(imageUrl))
        {
            return Check(LocalFile(imageUrl, url, param), url, param);
        }

        throw Invalid(url, ImageErrorCodes.InvalidUrl, "expected a data URL (data:image/png;base64,...).");
    }

    private byte[] FromDataUrl(string imageUrl, string url, string param)
    {
        if (!DataUrl.TryParse(imageUrl, out var parsed))
        {
            throw Invalid(url, ImageErrorCodes.InvalidUrl, "a data URL needs a comma before its data (data:image/png;base64,...).");
        }

        if (!MediaTypes.Contains(parsed.MediaType))
        {
            throw Invalid(url, ImageErrorCodes.UnsupportedMediaType, $"the media type '{parsed.MediaType}' is not an image this server reads: image/png, image/jpeg, image/gif or image/webp.");
        }

        if (!parsed.IsBase64)
        {
            throw Invalid(url, ImageErrorCodes.InvalidUrl, "an image's data URL must be base64 (data:image/png;base64,...).");
        }

        var data = imageUrl.AsSpan(parsed.DataStart);
        if (DataUrl.DecodedLength(data.Length) > options.MaxBytesPerImage + 3L)
        {
            throw TooLarge(param, DataUrl.DecodedLength(data.Length));
        }

        return DataUrl.FromBase64(data) ?? throw Invalid(url, ImageErrorCodes.InvalidBase64, "its data is not valid base64.");
    }

    private byte[] LocalFile(string imageUrl, string url, string param)
    {
        if (options.LocalFolder is not { Length: > 0 } folder)
        {
            throw Invalid(url, ImageErrorCodes.InvalidUrl, $"local image paths are read only when the server is started with a folder for them ({ImageOptions.SectionName}:{nameof(ImageOptions.LocalFolder)}); send the image as a data URL (data:image/png;base64,...).");
        }

        string path;
        try
        {
            path = Path.GetFullPath(imageUrl.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(imageUrl).LocalPath : imageUrl);
        }
        catch (Exception exception) when (exception is UriFormatException or ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Invalid(url, ImageErrorCodes.InvalidUrl, "not a file path or file:// URL this server can read.");
        }

        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        if (!path.StartsWith(root, StringComparison.Ordinal))
        {
            throw Invalid(url, ImageErrorCodes.InvalidUrl, $"the path is outside the folder this server reads images from ({ImageOptions.SectionName}:{nameof(ImageOptions.LocalFolder)}).");
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw Invalid(url, ImageErrorCodes.FileNotFound, "no such file in the folder this server reads images from.");
        }

        if (file.Length > options.MaxBytesPerImage)
        {
            throw TooLarge(param, file.Length);
        }

        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw Invalid(url, ImageErrorCodes.FileNotFound, "the file could not be read.");
        }
    }

    private ChatImage Check(byte[] bytes, string url, string param)
    {
        if (bytes.Length == 0)
        {
            throw Invalid(url, ImageErrorCodes.EmptyFile, "the image is empty.");
        }

        if (bytes.Length > options.MaxBytesPerImage)
        {
            throw TooLarge(param, bytes.Length);
        }

        if (ImageHeader.Read(bytes) is not { } header)
        {
            throw Invalid(url, ImageErrorCodes.InvalidFormat, "the data is not a PNG, JPEG, GIF or WebP image.");
        }

        if (header.Pixels > options.MaxPixels)
        {
            throw Limit(param, $"an image of {header.Width}x{header.Height} pixels, more than this server accepts: at most {options.MaxPixels} pixels, set by {ImageOptions.SectionName}:{nameof(ImageOptions.MaxPixels)}.");
        }

        return new ChatImage(bytes, header.MediaType, Convert.ToHexStringLower(SHA256.HashData(bytes)), header.Width, header.Height);
    }

    private ApiException TooLarge(string param, long bytes) =>
        Limit(param, $"an image of {bytes} bytes, more than this server accepts: at most {options.MaxBytesPerImage}, set by {ImageOptions.SectionName}:{nameof(ImageOptions.MaxBytesPerImage)}.");

    private static ApiException Limit(string param, string what) =>
        ApiException.InvalidRequest($"Invalid '{param}': {what}", param, ErrorTypes.LimitExceeded);

    private static ApiException Invalid(string param, string code, string why) =>
        ApiException.InvalidRequest($"Invalid '{param}': {why}", param, code);
}

/// <summary>OpenAI's codes for a bad image (its ResponseErrorCode values).</summary>
public static class ImageErrorCodes
{
    public const string InvalidUrl = "invalid_image_url";
    public const string InvalidBase64 = "invalid_base64_image";
    public const string InvalidFormat = "invalid_image_format";
    public const string UnsupportedMediaType = "unsupported_image_media_type";
    public const string EmptyFile = "empty_image_file";
    public const string FileNotFound = "image_file_not_found";
}
