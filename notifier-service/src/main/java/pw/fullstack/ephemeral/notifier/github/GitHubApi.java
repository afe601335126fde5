package pw.fullstack.ephemeral.notifier.github;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The GitHub REST operations the notifier uses (API version 2022-11-28), as a Quarkus REST client.
 * Every method returns the raw response: {@link GitHubClient} reads status, rate-limit headers and
 * error bodies itself. Headers common to all requests are set by {@link GitHubHeaders}.
 */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface GitHubApi {

    String AUTHORIZATION = "Authorization";

    @GET
    @Path("/app")
    Response app(@HeaderParam(AUTHORIZATION) String authorization);

    @GET
    @Path("/repos/{owner}/{repo}/installation")
    Response repositoryInstallation(@HeaderParam(AUTHORIZATION) String authorization, @PathParam("owner") String owner,
                                    @PathParam("repo") String repo);

    @POST
    @Path("/app/installations/{installation}/access_tokens")
    Response createInstallationToken(@HeaderParam(AUTHORIZATION) String authorization,
                                     @PathParam("installation") long installation, Map<String, Object> body);

    @GET
    @Path("/user")
    Response user(@HeaderParam(AUTHORIZATION) String authorization);

    @GET
    @Path("/repos/{owner}/{repo}/issues/{number}/comments")
    Response listComments(@HeaderParam(AUTHORIZATION) String authorization, @PathParam("owner") String owner,
                          @PathParam("repo") String repo, @PathParam("number") int number,
                          @QueryParam("per_page") int perPage, @QueryParam("page") int page);

    @POST
    @Path("/repos/{owner}/{repo}/issues/{number}/comments")
    Response createComment(@HeaderParam(AUTHORIZATION) String authorization, @PathParam("owner") String owner,
                           @PathParam("repo") String repo, @PathParam("number") int number, Map<String, Object> body);

    @PATCH
    @Path("/repos/{owner}/{repo}/issues/comments/{id}")
    Response updateComment(@HeaderParam(AUTHORIZATION) String authorization, @PathParam("owner") String owner,
                           @PathParam("repo") String repo, @PathParam("id") long id, Map<String, Object> body);

    @GET
    @Path("/repos/{owner}/{repo}/deployments")
    Response listDeployments(@HeaderParam(AUTHORIZATION) String authorization, @PathParam("owner") String owner,
                             @PathParam("repo") String repo, @QueryParam("environment") String environment,
                             @QueryParam("per_page") int perPage, @QueryParam("page") int page);

    @POST
    @Path("/repos/{owner}/{repo}/deployments")
    Response createDeployment(@HeaderParam(AUTHORIZATION) String authorization, @PathParam("owner") String owner,
                              @PathParam("repo") String repo, Map<String, Object> body);

    @POST
    @Path("/repos/{owner}/{repo}/deployments/{id}/statuses")
    Response createDeploymentStatus(@HeaderParam(AUTHORIZATION) String authorization, @PathParam("owner") String owner,
                                    @PathParam("repo") String repo, @PathParam("id") long id, Map<String, Object> body);

    @POST
    @Path("/repos/{owner}/{repo}/dispatches")
    Response dispatch(@HeaderParam(AUTHORIZATION) String authorization, @PathParam("owner") String owner,
                      @PathParam("repo") String repo, Map<String, Object> body);
}
