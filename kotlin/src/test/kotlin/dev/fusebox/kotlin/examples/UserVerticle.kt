package dev.fusebox.kotlin.examples

import dev.fusebox.Guard
import dev.fusebox.kotlin.circuitBreaker
import dev.fusebox.kotlin.guard
import dev.fusebox.kotlin.guardedHandler
import dev.fusebox.kotlin.timeout
import io.vertx.core.json.JsonObject
import io.vertx.ext.web.Router
import io.vertx.kotlin.coroutines.CoroutineVerticle
import io.vertx.kotlin.coroutines.coAwait
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

// README-KOTLIN-VERTICLE-BEGIN
/** Serves GET /users/:id from a guarded user API: the guard's rejections and timeouts become problem+json. */
class UserVerticle(private val api: KotlinReadmeTest.UserApi) : CoroutineVerticle() {

    lateinit var users: Guard<KotlinReadmeTest.User>
        private set
    var port: Int = 0
        private set

    override suspend fun start() {
        users = guard(vertx, "user-api") {
            circuitBreaker { minimumCalls = 10; openFor = 30.seconds }
            timeout(800.milliseconds)
        }
        val router = Router.router(vertx)
        router.get("/users/:id").handler(guardedHandler(users, { ctx ->
            api.fetch(ctx.pathParam("id")!!).coAwait()
        }) { ctx, user ->
            ctx.json(JsonObject().put("id", user.id).put("name", user.name))
        })
        port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").coAwait().actualPort()
    }
}
// README-KOTLIN-VERTICLE-END
