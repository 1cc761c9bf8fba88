namespace PostPurchase.Server.Health;

/// <summary><c>PostPurchase.Server --healthcheck</c>: asks the running server's /health (for container health checks without curl).</summary>
public static class HealthProbe
{
    public static async Task<int> RunAsync(string? urls)
    {
        var url = (urls ?? "http://localhost:8080").Split(';')[0].Replace("+", "localhost").Replace("*", "localhost").Replace("0.0.0.0", "localhost");
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            var response = await client.GetAsync(url.TrimEnd('/') + "/health");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }
}
