# Multi-stage build of the PostPurchase server: SDK image builds, ASP.NET runtime image runs as a non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish src/PostPurchase.Server -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
COPY workflows /app/workflows
ENV ASPNETCORE_URLS=http://+:8080 \
    Data__Directory=/var/lib/postpurchase \
    Workflows__Directory=/app/workflows
RUN mkdir -p /var/lib/postpurchase && chown -R app:app /var/lib/postpurchase
USER app
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --retries=5 CMD ["dotnet", "PostPurchase.Server.dll", "--healthcheck"]
ENTRYPOINT ["dotnet", "PostPurchase.Server.dll"]
