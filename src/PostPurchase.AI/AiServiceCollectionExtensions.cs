using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PostPurchase.AI.Activities;
using PostPurchase.AI.Client;
using PostPurchase.Workflows;

namespace PostPurchase.AI;

public static class AiServiceCollectionExtensions
{
    /// <summary>The AiPersonalize activity and its Semantic Kernel chat client (OpenAI, Azure OpenAI or an OpenAI-compatible server), configured from the <c>Ai</c> section.</summary>
    public static IServiceCollection AddAi(this IServiceCollection services, IConfiguration configuration) =>
        services.AddAi(AiSettings.Read(configuration));

    public static IServiceCollection AddAi(this IServiceCollection services, AiSettings settings)
    {
        services.TryAddSingleton(settings);
        services.TryAddSingleton<ITextGenerator, SemanticKernelTextGenerator>();
        services.TryAddSingleton<AiKeyNotice>();
        services.AddActivitiesFrom(typeof(AiPersonalize).Assembly);
        return services;
    }
}
