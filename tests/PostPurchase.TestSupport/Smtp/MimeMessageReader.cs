using System.Text;
using System.Text.RegularExpressions;

namespace PostPurchase.TestSupport.Smtp;

/// <summary>
/// Reads what a test needs from a raw RFC 5322 message: unfolded headers (RFC 2047 encoded words decoded) and the
/// leaf parts of a multipart body, decoded from base64 or quoted-printable.
/// </summary>
public sealed partial class MimeMessageReader
{
    private MimeMessageReader(Dictionary<string, string> headers, List<MimePart> parts)
    {
        Headers = headers;
        Parts = parts;
    }

    public IReadOnlyDictionary<string, string> Headers { get; }
    public IReadOnlyList<MimePart> Parts { get; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public MimePart? Part(string mediaType) => Parts.FirstOrDefault(p => p.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase));

    public static MimeMessageReader Parse(string raw)
    {
        var (headers, body) = SplitEntity(raw);
        var parts = new List<MimePart>();
        CollectParts(headers, body, parts);
        return new MimeMessageReader(headers, parts);
    }

    private static void CollectParts(Dictionary<string, string> headers, string body, List<MimePart> parts)
    {
        var contentType = headers.GetValueOrDefault("Content-Type") ?? "text/plain";
        var mediaType = contentType.Split(';')[0].Trim();
        if (mediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = Parameter(contentType, "boundary") ?? throw new FormatException("multipart without boundary");
            var sections = body.Split("--" + boundary);
            foreach (var section in sections.Skip(1))
            {
                if (section.StartsWith("--", StringComparison.Ordinal)) break;
                var (partHeaders, partBody) = SplitEntity(section.TrimStart('\r', '\n'));
                CollectParts(partHeaders, partBody, parts);
            }

            return;
        }

        var charset = Parameter(contentType, "charset") ?? "utf-8";
        var bytes = (headers.GetValueOrDefault("Content-Transfer-Encoding") ?? "7bit").Trim().ToLowerInvariant() switch
        {
            "base64" => Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c)))),
            "quoted-printable" => QuotedPrintable(body),
            _ => Encoding.UTF8.GetBytes(body),
        };
        parts.Add(new MimePart(mediaType, Encoding.GetEncoding(charset).GetString(bytes)));
    }

    private static (Dictionary<string, string> Headers, string Body) SplitEntity(string entity)
    {
        var end = entity.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headerText = end < 0 ? entity : entity[..end];
        var body = end < 0 ? "" : entity[(end + 4)..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var line in headerText.Split("\r\n"))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && last is not null)
                headers[last] += " " + line.Trim();
            else if (line.IndexOf(':') is var colon and > 0)
            {
                last = line[..colon].Trim();
                headers[last] = line[(colon + 1)..].Trim();
            }
        }

        foreach (var key in headers.Keys.ToList()) headers[key] = DecodeWords(headers[key].Trim()); // a value may start on a folded line
        return (headers, body);
    }

    private static string? Parameter(string header, string name)
    {
        var match = Regex.Match(header, name + @"\s*=\s*(""(?<v>[^""]*)""|(?<v>[^;\s]+))", RegexOptions.IgnoreCase);
        return match.Success ? match.Groups["v"].Value : null;
    }

    private static byte[] QuotedPrintable(string text)
    {
        var output = new List<byte>();
        var unfolded = text.Replace("=\r\n", "");
        for (var i = 0; i < unfolded.Length; i++)
        {
            if (unfolded[i] == '=' && i + 2 < unfolded.Length && Uri.IsHexDigit(unfolded[i + 1]) && Uri.IsHexDigit(unfolded[i + 2]))
            {
                output.Add(Convert.ToByte(unfolded.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
                output.AddRange(Encoding.UTF8.GetBytes(unfolded[i].ToString()));
        }

        return output.ToArray();
    }

    private static string DecodeWords(string value) => EncodedWord().Replace(value.Replace("?= =?", "?==?"), m =>
    {
        var charset = Encoding.GetEncoding(m.Groups[1].Value);
        var payload = m.Groups[3].Value;
        var bytes = m.Groups[2].Value.ToUpperInvariant() == "B"
            ? Convert.FromBase64String(payload)
            : QuotedPrintable(payload.Replace('_', ' '));
        return charset.GetString(bytes);
    });

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWord();
}

public sealed record MimePart(string MediaType, string Text);
